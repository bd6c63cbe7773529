import MLVCompute

/// Classification metrics from class probabilities, shared by the trainers and `evaluate`.
enum ClassifierReport {
    /// The predicted class of each row of `probabilities` `[rows, classes]`: the first largest.
    static func predictions(_ probabilities: Tensor) throws(ComputeError) -> [Int] {
        try probabilities.argmax(axis: -1)
    }

    /// The classification metrics of `MLVCompute.ClassificationMetrics`.
    static func report(
        probabilities: Tensor, labels: [Int], classCount: Int
    ) throws(ComputeError) -> (metrics: ClassificationMetrics, logLoss: Double) {
        let predicted = try predictions(probabilities)
        let metrics = try ClassificationMetrics(predicted: predicted, actual: labels, classCount: classCount)
        let logLoss = try ClassificationMetrics.logLoss(
            probabilities: probabilities.scalars, actual: labels, classCount: classCount)
        return (metrics, logLoss)
    }

    /// `accuracy`, `macro_precision`, `macro_recall`, `macro_f1` and `log_loss`, keys prefixed.
    static func metrics(
        probabilities: Tensor, labels: [Int], classCount: Int, prefix: String = ""
    ) throws(ComputeError) -> [String: Double] {
        let (metrics, logLoss) = try report(probabilities: probabilities, labels: labels, classCount: classCount)
        return [
            prefix + "accuracy": metrics.accuracy,
            prefix + "log_loss": logLoss,
            prefix + "macro_f1": metrics.macroF1,
            prefix + "macro_precision": metrics.macroPrecision,
            prefix + "macro_recall": metrics.macroRecall,
        ]
    }

    /// The `learning_rate` parameter: a number > 0.
    static func learningRate(
        _ parameters: PluginParameters, default fallback: Double, plugin: String
    ) throws(PipelineError) -> Double {
        let rate = try parameters.double("learning_rate", default: fallback, plugin: plugin)
        guard rate > 0 else {
            throw PipelineError(
                .invalidParameter, "\(plugin): parameter learning_rate is \(rate), expected a value > 0")
        }
        return rate
    }
}
