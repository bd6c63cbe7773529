/// Regression metrics computed in Double in row order: RMSE, MAE and R².
enum RegressionReport {
    /// `rmse`, `mae` and `r2` (R² is 0 when the targets are constant), keys prefixed.
    static func metrics(predicted: [Double], actual: [Double], prefix: String = "") throws(PipelineError)
        -> [String: Double]
    {
        let n = Double(max(actual.count, 1))
        var squared = 0.0
        var absolute = 0.0
        var mean = 0.0
        for (p, a) in zip(predicted, actual) {
            squared += (p - a) * (p - a)
            absolute += abs(p - a)
            mean += a
        }
        mean /= n
        var total = 0.0
        for a in actual { total += (a - mean) * (a - mean) }
        return [
            prefix + "mae": absolute / n,
            prefix + "r2": total > 0 ? 1 - squared / total : 0,
            prefix + "rmse": (squared / n).squareRoot(),
        ]
    }
}
