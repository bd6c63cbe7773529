import MLVCompute
import MLVFormats

/// Multinomial logistic regression: softmax of `x·W + b`, trained on mini-batches with the mean
/// cross-entropy plus `l2/2·‖W‖²` (the bias is not penalized), on the compute core's tape.
///
/// Weights start at zero; each epoch visits the rows in the order of a Philox permutation drawn
/// from (`seed`, epoch), as `ClassifierTraining` does, so the weights depend only on the data
/// and the seed. Parameters: `target` (required), `features`, `l2` (default 0), `optimizer`
/// (`adam` or `sgd`, default `adam`), `epochs` (default 100), `batch_size` (default 32),
/// `learning_rate` (default 0.01), `seed`. Input: one table. Output: the model file (`weight`
/// `[features, classes]`, `bias` `[classes]`).
public struct LogisticRegressionPlugin: TrainingPlugin {
    public static let id = "logistic-regression"
    public static let version = "1"
    public static let summary = "multinomial logistic regression (softmax) with L2, by Adam or SGD"
    static let parameterNames = [
        "batch_size", "epochs", "features", "l2", "learning_rate", "optimizer", "seed", "target",
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
        values["l2"] = .number(
            try parameters.double("l2", default: 0, plugin: id, in: 0...Double.greatestFiniteMagnitude))
        values["optimizer"] = .string(
            try parameters.string("optimizer", default: "adam", plugin: id, oneOf: ["adam", "sgd"]))
        values.merge(try parameters.trainingSchedule(defaultEpochs: 100, plugin: id)) { $1 }
        return values
    }

    public func run(_ context: PluginRunContext) throws -> PluginRunResult {
        try validate(context.parameters, inputs: context.inputs.count, outputs: context.outputs.count)
        let hyper = PluginParameters(try Self.hyperparameters(context.parameters))
        let (data, classes, labels, x) = try Dataset.classification(context, plugin: Self.id)
        let weight = Parameter("weight", .zeros(try Shape([data.width, classes.count])))
        let bias = Parameter("bias", .zeros(try Shape([classes.count])))
        let rate = Float(try hyper.double("learning_rate", plugin: Self.id))
        let step: () -> Void
        if case .string("sgd") = hyper["optimizer"] {
            let sgd = try SGD([weight, bias], learningRate: rate)
            step = sgd.step
        } else {
            let adam = try Adam([weight, bias], learningRate: rate, context: context.compute)
            step = adam.step
        }
        let penalty = Float(try hyper.double("l2", plugin: Self.id) / 2)
        let batchSize = try hyper.int("batch_size", plugin: Self.id)
        let tape = Tape(context: context.compute)
        var loss: Float = 0
        for epoch in 0..<(try hyper.int("epochs", plugin: Self.id)) {
            var order = Philox(seed: context.seed, stream: UInt64(epoch) + 1)
            let permutation = try order.permutation(count: data.rows)
            var total: Float = 0
            var start = 0
            while start < data.rows {
                let batch = permutation[start..<min(start + batchSize, data.rows)]
                tape.reset()
                let w = tape.parameter(weight)
                let logits = try tape.constant(gathering: batch, from: x).matmul(w) + tape.parameter(bias)
                var batchLoss = try logits.softmaxCrossEntropy(labels: batch.map { labels[$0] })
                total += batchLoss.value.scalars[0] * Float(batch.count)
                if penalty > 0 { batchLoss = try batchLoss + (w * w).sum() * penalty }
                try tape.backward(from: batchLoss)
                tape.reset()
                step()
                start += batchSize
            }
            loss = total / Float(data.rows)
        }
        let model = try ModelFile(
            kind: .logistic, plugin: Self.self, encoding: data.encoding, target: data.target, classes: classes.names,
            hyperparameters: hyper.values, seed: context.seed,
            tensors: [try weight.value.safetensor(named: "weight"), try bias.value.safetensor(named: "bias")])
        try PluginFiles.write(model.encode(), to: context.outputs[0], plugin: Self.id)
        let probabilities = try Self.probabilities(x, weight: weight.value, bias: bias.value, context: context.compute)
        var metrics = try ClassifierReport.metrics(
            probabilities: probabilities, labels: labels, classCount: classes.count, prefix: "train_")
        metrics["train_loss"] = Double(loss)
        return try MetricsFile.finish(metrics, context: context, plugin: Self.id)
    }

    /// Class probabilities `softmax(x·W + b)`, `[rows, classes]`.
    static func probabilities(
        _ x: Tensor, weight: Tensor, bias: Tensor, context: ComputeContext
    ) throws(ComputeError) -> Tensor {
        try (Tensor.matmul(x, weight, context: context) + bias).softmax()
    }
}
