import MLVCompute
import MLVFormats

/// Least-squares linear regression with an optional ridge penalty `l2·‖w‖²` (the intercept is
/// not penalized).
///
/// `method: closed` (the default) solves the normal equations of the centred data in Float64
/// by Cholesky factorization; `method: gradient` minimizes the mean squared error plus
/// `l2/rows·‖w‖²` with Adam on the compute core, full batch, for `epochs` steps of
/// `learning_rate`. Parameters: `target` (required), `features`, `method`, `l2` (default 0),
/// `epochs` (default 500), `learning_rate` (default 0.01), `seed`. Input: one table. Output:
/// the model file (`weight` `[features]` and `bias` `[1]`, F64).
public struct LinearRegressionPlugin: TrainingPlugin {
    public static let id = "linear-regression"
    public static let version = "1"
    public static let summary = "linear regression by normal equations (Float64) or gradient descent"
    static let parameterNames = ["epochs", "features", "l2", "learning_rate", "method", "seed", "target"]

    public init() {}

    public func validate(_ parameters: PluginParameters, inputs: Int, outputs: Int) throws(PipelineError) {
        try PluginFiles.requireCounts(
            plugin: Self.id, inputs: inputs, expectedInputs: 1...1, outputs: outputs, expectedOutputs: 1...1)
        _ = try Self.hyperparameters(parameters)
    }

    /// The parameters after defaults, checked.
    static func hyperparameters(_ parameters: PluginParameters) throws(PipelineError) -> [String: ParameterValue] {
        var values = try parameters.checkedSupervised(parameterNames, plugin: id)
        let method = try parameters.string("method", default: "closed", plugin: id, oneOf: ["closed", "gradient"])
        values["method"] = .string(method)
        values["l2"] = .number(
            try parameters.double("l2", default: 0, plugin: id, in: 0...Double.greatestFiniteMagnitude))
        // Gradient settings are checked either way; their defaults are recorded only when used.
        let epochs = try parameters.int("epochs", default: 500, plugin: id, in: 1...Int.max)
        let rate = try ClassifierReport.learningRate(parameters, default: 0.01, plugin: id)
        if method == "gradient" {
            values["epochs"] = .number(Double(epochs))
            values["learning_rate"] = .number(rate)
        }
        return values
    }

    public func run(_ context: PluginRunContext) throws -> PluginRunResult {
        try validate(context.parameters, inputs: context.inputs.count, outputs: context.outputs.count)
        let hyper = try Self.hyperparameters(context.parameters)
        let data = try Dataset.load(context, plugin: Self.id, requireTarget: true)
        let y = try data.numericTargets(plugin: Self.id)
        let settings = PluginParameters(hyper)
        let l2 = try settings.double("l2", plugin: Self.id)
        let (weights, bias): ([Double], Double)
        if try settings.string("method", plugin: Self.id) == "gradient" {
            (weights, bias) = try Self.gradient(
                data, y: y, l2: l2, epochs: try settings.int("epochs", plugin: Self.id),
                rate: Float(try settings.double("learning_rate", plugin: Self.id)), context: context.compute)
        } else {
            (weights, bias) = try Self.closed(data, y: y, l2: l2)
        }
        let model = try ModelFile(
            kind: .linear, plugin: Self.self, encoding: data.encoding, target: data.target, classes: nil,
            hyperparameters: hyper, seed: context.seed,
            tensors: [
                try SafetensorsTensor(name: "weight", shape: [weights.count], doubles: weights),
                try SafetensorsTensor(name: "bias", shape: [1], doubles: [bias]),
            ])
        try PluginFiles.write(model.encode(), to: context.outputs[0], plugin: Self.id)
        let predicted = Self.predict(data.features, width: data.width, weights: weights, bias: bias)
        let metrics = try RegressionReport.metrics(predicted: predicted, actual: y, prefix: "train_")
        return try MetricsFile.finish(metrics, context: context, plugin: Self.id)
    }

    /// Ridge least squares on centred data: `w = (XcᵀXc + l2·I)⁻¹ Xcᵀyc`, `b = ȳ − x̄·w`.
    static func closed(_ data: Dataset, y: [Double], l2: Double) throws(PipelineError) -> ([Double], Double) {
        let (rows, width) = (data.rows, data.width)
        let (means, _) = StandardizePlugin.moments(data.features, rows: rows, width: width)
        var yMean = 0.0
        for value in y { yMean += value }
        yMean /= Double(rows)
        var centred = data.features
        for row in 0..<rows {
            for k in 0..<width { centred[row * width + k] -= means[k] }
        }
        do throws(ComputeError) {
            let (gram, moment) = try LinearAlgebra64.normalEquations(
                centred, rows: rows, columns: width, y: y.map { $0 - yMean })
            let weights = try LinearAlgebra64.solveSymmetric(gram, moment, n: width, ridge: l2)
            var bias = yMean
            for k in 0..<width { bias -= means[k] * weights[k] }
            return (weights, bias)
        } catch {
            throw PipelineError(
                .invalidInput, "\(id): cannot solve the normal equations of \(data.file.name): \(error.message)",
                hint: "drop constant or duplicate feature columns, or set l2 > 0")
        }
    }

    /// Full-batch Adam on the mean squared error, on the compute core's tape.
    static func gradient(
        _ data: Dataset, y: [Double], l2: Double, epochs: Int, rate: Float, context: ComputeContext
    ) throws -> ([Double], Double) {
        let x = try Tensor(shape: Shape([data.rows, data.width]), scalars: data.featureScalars)
        let target = try Tensor(shape: Shape([data.rows, 1]), scalars: y.map { Float($0) })
        let weight = Parameter("weight", .zeros(try Shape([data.width, 1])))
        let bias = Parameter("bias", .zeros([1]))
        let optimizer = try Adam([weight, bias], learningRate: rate, context: context)
        let tape = Tape(context: context)
        let penalty = Float(l2 / Double(data.rows))
        for _ in 0..<epochs {
            tape.reset()
            let w = tape.parameter(weight)
            var loss = try (tape.constant(x).matmul(w) + tape.parameter(bias)).meanSquaredError(tape.constant(target))
            if penalty > 0 { loss = try loss + (w * w).sum() * penalty }
            try tape.backward(from: loss)
            tape.reset()
            optimizer.step()
        }
        return (weight.value.scalars.map { Double($0) }, Double(bias.value.scalars[0]))
    }

    /// `b + Σₖ wₖ·xₖ` for each row, in k order.
    static func predict(_ features: [Double], width: Int, weights: [Double], bias: Double) -> [Double] {
        let rows = width == 0 ? 0 : features.count / width
        return (0..<rows).map { row in
            var value = bias
            for k in 0..<width { value += weights[k] * features[row * width + k] }
            return value
        }
    }
}
