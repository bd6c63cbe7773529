import MLVCompute
import MLVFormats

/// A multilayer perceptron classifier: MLVCompute's `MLP` trained by `ClassifierTraining` with
/// softmax cross-entropy.
///
/// Parameters: `target` (required), `features`, `layers` (hidden widths, default `[32]`),
/// `activation` (`relu`, `tanh`, `sigmoid` or `gelu`; default `relu`), `optimizer` (`adam`,
/// `adamw` or `sgd`; default `adam`), `epochs` (default 50), `batch_size` (default 32),
/// `learning_rate` (default 0.01), `seed`. Input: one table. Output: the model file (the MLP's
/// `w0`, `b0`, … with `mlv.widths` and `mlv.activation`).
public struct MLPClassifierPlugin: TrainingPlugin {
    public static let id = "mlp-classifier"
    public static let version = "1"
    public static let summary = "multilayer perceptron classifier (relu/tanh/sigmoid/gelu; adam/adamw/sgd)"
    static let parameterNames = [
        "activation", "batch_size", "epochs", "features", "layers", "learning_rate", "optimizer", "seed", "target",
    ]

    public init() {}

    public func validate(_ parameters: PluginParameters, inputs: Int, outputs: Int) throws(PipelineError) {
        try PluginFiles.requireCounts(
            plugin: Self.id, inputs: inputs, expectedInputs: 1...1, outputs: outputs, expectedOutputs: 1...1)
        _ = try Self.hyperparameters(parameters)
    }

    /// The parameters after defaults, checked.
    static func hyperparameters(_ parameters: PluginParameters) throws(PipelineError) -> [String: ParameterValue] {
        var values = try parameters.checkedSupervised(parameterNames, plugin: id)
        values["layers"] = .list(
            try parameters.ints("layers", default: [32], plugin: id, minimum: 1).map { .number(Double($0)) })
        values["activation"] = .string(
            try parameters.string(
                "activation", default: "relu", plugin: id, oneOf: MLP.Activation.allCases.map(\.rawValue)))
        values["optimizer"] = .string(
            try parameters.string("optimizer", default: "adam", plugin: id, oneOf: ["adam", "adamw", "sgd"]))
        values.merge(try parameters.trainingSchedule(defaultEpochs: 50, plugin: id)) { $1 }
        return values
    }

    public func run(_ context: PluginRunContext) throws -> PluginRunResult {
        try validate(context.parameters, inputs: context.inputs.count, outputs: context.outputs.count)
        let hyper = PluginParameters(try Self.hyperparameters(context.parameters))
        let (data, classes, labels, x) = try Dataset.classification(context, plugin: Self.id)
        let layers = try hyper.ints("layers", plugin: Self.id)
        let activation = MLP.Activation(rawValue: try hyper.string("activation", plugin: Self.id)) ?? .relu
        let model = try MLP(widths: [data.width] + layers + [classes.count], activation: activation, seed: context.seed)
        let rate = Float(try hyper.double("learning_rate", plugin: Self.id))
        let step: () -> Void
        switch try hyper.string("optimizer", plugin: Self.id) {
        case "sgd": step = try SGD(model.parameters, learningRate: rate).step
        case "adamw": step = try Adam.adamW(model.parameters, learningRate: rate, context: context.compute).step
        default: step = try Adam(model.parameters, learningRate: rate, context: context.compute).step
        }
        let training = try ClassifierTraining(
            epochs: try hyper.int("epochs", plugin: Self.id), batchSize: try hyper.int("batch_size", plugin: Self.id),
            seed: context.seed)
        let losses = try training.run(model, features: x, labels: labels, context: context.compute, step: step)
        let file = try ModelFile(
            kind: .mlp, plugin: Self.self, encoding: data.encoding, target: data.target, classes: classes.names,
            hyperparameters: hyper.values, seed: context.seed, tensors: model.safetensors().tensors,
            extraMetadata: try model.safetensors().metadata)
        try PluginFiles.write(file.encode(), to: context.outputs[0], plugin: Self.id)
        let probabilities = try model.predict(x, context: context.compute).softmax()
        var metrics = try ClassifierReport.metrics(
            probabilities: probabilities, labels: labels, classCount: classes.count, prefix: "train_")
        metrics["train_loss"] = Double(losses.last ?? 0)
        return try MetricsFile.finish(metrics, context: context, plugin: Self.id)
    }

    /// Rebuilds the MLP stored in `model`, for evaluation.
    static func network(_ model: ModelFile, name: String, plugin: String) throws(PipelineError) -> MLP {
        let metadata = model.file.metadata
        let widths = (metadata["mlv.widths"] ?? "").split(separator: ",").compactMap { Int($0) }
        guard widths.count >= 2, let activation = MLP.Activation(rawValue: metadata["mlv.activation"] ?? "") else {
            throw PipelineError(.invalidInput, "\(plugin): \(name) has malformed mlv.widths or mlv.activation metadata")
        }
        guard let network = try? MLP(widths: widths, activation: activation, seed: 0) else {
            throw PipelineError(.invalidInput, "\(plugin): \(name) has invalid mlv.widths metadata")
        }
        for parameter in network.parameters {
            guard let entry = model.file[parameter.name], entry.shape == parameter.value.shape.dims,
                let values = try? entry.floats(),
                let tensor = try? Tensor(shape: parameter.value.shape, scalars: values)
            else {
                throw PipelineError(
                    .invalidInput,
                    "\(plugin): \(name) has no tensor \"\(parameter.name)\" of shape \(parameter.value.shape)")
            }
            parameter.value = tensor
        }
        return network
    }
}
