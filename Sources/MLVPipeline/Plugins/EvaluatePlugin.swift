import MLVCompute
import MLVFormats

/// Evaluates a model file written by a built-in trainer on a table, with nothing but the file:
/// its metadata gives the feature encoding, the target column and the classes.
///
/// Classifiers give `accuracy`, `macro_precision`, `macro_recall`, `macro_f1`, `log_loss`, plus
/// `confusion_matrix` (rows actual, columns predicted) and `classes` in the JSON; linear
/// regression gives `rmse`, `mae` and `r2`; k-means gives `inertia`. Every kind gives `rows`.
/// Inputs: the model file, then the table. Output: the metrics JSON (optional; the stage's
/// metrics file gets the same bytes). Parameters: none but `seed`.
public struct EvaluatePlugin: TrainingPlugin {
    public static let id = "evaluate"
    public static let version = "1"
    public static let summary = "metrics of a model file on a table (classification, regression, clustering)"

    public init() {}

    public func validate(_ parameters: PluginParameters, inputs: Int, outputs: Int) throws(PipelineError) {
        try PluginFiles.requireCounts(
            plugin: Self.id, inputs: inputs, expectedInputs: 2...2, outputs: outputs, expectedOutputs: 0...1)
        try parameters.requireOnly(["seed"], plugin: Self.id)
    }

    public func run(_ context: PluginRunContext) throws -> PluginRunResult {
        try validate(context.parameters, inputs: context.inputs.count, outputs: context.outputs.count)
        let name = context.inputs[0].lastPathComponent
        let model = try ModelFile(
            bytes: try PluginFiles.read(context.inputs[0], plugin: Self.id), name: name, plugin: Self.id)
        guard model.kind != .standardize else {
            throw PipelineError(
                .invalidInput, "\(Self.id): \(name) holds standardization statistics, not a model to evaluate")
        }
        let file = try TableFile(contentsOf: context.inputs[1], plugin: Self.id)
        // A k-means model's target is only the column it left out; the table need not have it.
        let target = model.kind == .kmeans ? nil : model.target
        let data = try Dataset(file, encoding: model.encoding, target: target, plugin: Self.id)
        var metrics: [String: Double] = ["rows": Double(data.rows)]
        var extra: [String: MetricValue] = [:]
        switch model.kind {
        case .linear:
            let weights = try model.doubles("weight", count: data.width, file: name, plugin: Self.id)
            let bias = try model.doubles("bias", count: 1, file: name, plugin: Self.id)[0]
            let predicted = LinearRegressionPlugin.predict(
                data.features, width: data.width, weights: weights, bias: bias)
            guard data.target != nil else { throw Self.noTarget(name) }
            let actual = try data.numericTargets(plugin: Self.id)
            metrics.merge(try RegressionReport.metrics(predicted: predicted, actual: actual)) { $1 }
        case .logistic, .mlp:
            guard let target = data.target, let names = model.classes else { throw Self.noTarget(name) }
            let classes = ClassLabels(names: names)
            let labels = try classes.indices(of: data.targets, file: file.name, column: target, plugin: Self.id)
            let probabilities = try Self.probabilities(
                model, data, classes: classes.count, name: name, context: context)
            let (report, logLoss) = try ClassifierReport.report(
                probabilities: probabilities, labels: labels, classCount: classes.count)
            metrics["accuracy"] = report.accuracy
            metrics["log_loss"] = logLoss
            metrics["macro_f1"] = report.macroF1
            metrics["macro_precision"] = report.macroPrecision
            metrics["macro_recall"] = report.macroRecall
            extra["confusion_matrix"] = .matrix(report.confusion)
            extra["classes"] = .strings(names)
        case .kmeans:
            guard let entry = model.file["centroids"], entry.shape.count == 2, entry.shape[1] == data.width,
                let centroids = try? entry.doubles()
            else {
                throw PipelineError(.invalidInput, "\(Self.id): \(name) has no centroids for \(data.width) features")
            }
            metrics["inertia"] = KMeansPlugin.assign(data.features, width: data.width, centroids: centroids).inertia
        case .standardize:
            break  // refused above
        }
        let bytes = MetricsFile.bytes(metrics, extra: extra)
        if let url = context.outputs.first { try PluginFiles.write(bytes, to: url, plugin: Self.id) }
        if let url = context.metrics { try PluginFiles.write(bytes, to: url, plugin: Self.id) }
        return PluginRunResult(metrics: metrics)
    }

    /// The class probabilities `[rows, classes]` of a logistic regression or an MLP.
    static func probabilities(
        _ model: ModelFile, _ data: Dataset, classes: Int, name: String, context: PluginRunContext
    ) throws -> Tensor {
        let x = try Tensor(shape: Shape([data.rows, data.width]), scalars: data.featureScalars)
        if model.kind == .mlp {
            let network = try MLPClassifierPlugin.network(model, name: name, plugin: id)
            guard network.widths.first == data.width, network.widths.last == classes else {
                throw PipelineError(
                    .invalidInput,
                    "\(id): \(name) has an mlp of widths \(network.widths) for \(data.width) features "
                        + "and \(classes) classes")
            }
            return try network.predict(x, context: context.compute).softmax()
        }
        let weight = try model.doubles("weight", count: data.width * classes, file: name, plugin: id)
        let bias = try model.doubles("bias", count: classes, file: name, plugin: id)
        return try LogisticRegressionPlugin.probabilities(
            x, weight: try Tensor(shape: Shape([data.width, classes]), scalars: weight.map { Float($0) }),
            bias: try Tensor(shape: Shape([classes]), scalars: bias.map { Float($0) }), context: context.compute)
    }

    private static func noTarget(_ name: String) -> PipelineError {
        PipelineError(.invalidInput, "\(id): \(name) records no target column or classes to evaluate against")
    }
}
