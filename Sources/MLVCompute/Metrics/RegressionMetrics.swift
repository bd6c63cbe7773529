/// Error measures of a regressor's predictions against the actual values.
///
/// Each function widens the `Float` inputs to `Double` and sums in index order, so equal inputs
/// give bit-identical results everywhere. `sqrt` is the only function called, and it is exactly
/// rounded.
public enum RegressionMetrics {
    /// The root mean squared error, `sqrt((1/n) Σᵢ (pᵢ − aᵢ)²)`.
    ///
    /// - Throws: as ``meanSquaredError(predicted:actual:)``.
    /// - Complexity: O(n).
    public static func rmse(predicted: [Float], actual: [Float]) throws(ComputeError) -> Double {
        try meanSquaredError(predicted: predicted, actual: actual).squareRoot()
    }

    /// The mean squared error, `(1/n) Σᵢ (pᵢ − aᵢ)²`.
    ///
    /// - Throws: `ComputeError.shapeMismatch` when the arrays differ in length;
    ///   `ComputeError.invalidArgument` when they are empty; `ComputeError.nonFinite` for the first
    ///   index holding NaN or infinity.
    /// - Complexity: O(n).
    public static func meanSquaredError(predicted: [Float], actual: [Float]) throws(ComputeError) -> Double {
        try check(predicted: predicted, actual: actual)
        var total = 0.0
        for index in actual.indices {
            let difference = Double(predicted[index]) - Double(actual[index])
            total += difference * difference
        }
        return total / Double(actual.count)
    }

    /// The mean absolute error, `(1/n) Σᵢ |pᵢ − aᵢ|`.
    ///
    /// - Throws: as ``meanSquaredError(predicted:actual:)``.
    /// - Complexity: O(n).
    public static func mae(predicted: [Float], actual: [Float]) throws(ComputeError) -> Double {
        try check(predicted: predicted, actual: actual)
        var total = 0.0
        for index in actual.indices {
            total += abs(Double(predicted[index]) - Double(actual[index]))
        }
        return total / Double(actual.count)
    }

    /// The coefficient of determination, `R² = 1 − SS_res / SS_tot`, where
    /// `SS_res = Σᵢ (aᵢ − pᵢ)²` and `SS_tot = Σᵢ (aᵢ − ā)²` around the mean `ā` of the actual values.
    ///
    /// It is 1 for a perfect fit, 0 for always predicting `ā`, and negative for worse fits. When the
    /// actual values are all equal (`SS_tot = 0`, decided by comparing the inputs) the ratio is undefined; as scikit-learn's
    /// `r2_score` with `force_finite=True`, the result is then 1 for a perfect fit and 0 otherwise.
    ///
    /// - Throws: as ``meanSquaredError(predicted:actual:)``.
    /// - Complexity: O(n); two passes over `actual`.
    public static func r2(predicted: [Float], actual: [Float]) throws(ComputeError) -> Double {
        try check(predicted: predicted, actual: actual)
        var sum = 0.0
        for value in actual {
            sum += Double(value)
        }
        let mean = sum / Double(actual.count)
        var residual = 0.0
        var spread = 0.0
        for index in actual.indices {
            let value = Double(actual[index])
            let error = value - Double(predicted[index])
            residual += error * error
            spread += (value - mean) * (value - mean)
        }
        // Tested on the inputs rather than on `spread`, which rounding in `mean` can leave a hair
        // above 0 for equal values.
        guard spread > 0, actual.contains(where: { $0 != actual[0] }) else {
            return residual == 0 ? 1 : 0
        }
        return 1 - residual / spread
    }

    /// Throws unless the inputs are equally long, non-empty and finite.
    private static func check(predicted: [Float], actual: [Float]) throws(ComputeError) {
        guard predicted.count == actual.count else {
            throw ComputeError(
                .shapeMismatch, "predicted has \(predicted.count) values but actual has \(actual.count)")
        }
        guard !actual.isEmpty else {
            throw ComputeError(.invalidArgument, "no samples: predicted and actual are empty")
        }
        for index in actual.indices {
            guard predicted[index].isFinite else {
                throw ComputeError(.nonFinite, "predicted value at index \(index) is \(predicted[index])")
            }
            guard actual[index].isFinite else {
                throw ComputeError(.nonFinite, "actual value at index \(index) is \(actual[index])")
            }
        }
    }
}
