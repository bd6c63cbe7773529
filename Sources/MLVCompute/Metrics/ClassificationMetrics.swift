import Foundation

/// Accuracy, the confusion matrix and per-class precision, recall and F1 of a classifier's
/// predictions, plus the probabilistic scores ``logLoss(probabilities:actual:classCount:epsilon:)``
/// and ``rocAUC(scores:actual:)``.
///
/// Every sum runs over samples in index order, or over classes in id order, accumulating in
/// `Double`, so equal inputs give bit-identical results everywhere.
///
/// Division by zero follows scikit-learn's `zero_division=0`: a class never predicted has precision
/// 0, a class that never occurs has recall 0, and F1 is 0 when it has no true positives. Macro
/// averages are unweighted means over all `classCount` classes, including classes absent from both
/// inputs, as `precision_recall_fscore_support(labels=range(classCount), average="macro",
/// zero_division=0)` computes them.
public struct ClassificationMetrics: Sendable, Equatable {
    /// The number of classes; labels are `0..<classCount`.
    public let classCount: Int
    /// Sample counts with rows for the actual class and columns for the predicted class:
    /// `confusion[a][p]` samples of class `a` were predicted as `p`.
    public let confusion: [[Int]]

    /// Tallies `predicted` against `actual`.
    ///
    /// - Throws: `ComputeError.shapeMismatch` when the arrays differ in length;
    ///   `ComputeError.invalidArgument` when they are empty, when `classCount` is not positive, or
    ///   for the first index (in order, `actual` checked before `predicted`) whose label is outside
    ///   `0..<classCount`.
    /// - Complexity: O(n + classCount²) for n samples.
    public init(predicted: [Int], actual: [Int], classCount: Int) throws(ComputeError) {
        try Self.checkSamples(actual: actual, otherCount: predicted.count, otherName: "predicted")
        guard classCount > 0 else {
            throw ComputeError(.invalidArgument, "class count \(classCount) is not positive")
        }
        var confusion = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for index in actual.indices {
            let truth = try Self.checkLabel(actual[index], at: index, in: "actual", classCount: classCount)
            let guess = try Self.checkLabel(predicted[index], at: index, in: "predicted", classCount: classCount)
            confusion[truth][guess] += 1
        }
        self.classCount = classCount
        self.confusion = confusion
    }

    /// The number of samples.
    public var sampleCount: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The share of samples whose predicted class is the actual one.
    public var accuracy: Double {
        Double((0..<classCount).reduce(0) { $0 + confusion[$1][$1] }) / Double(sampleCount)
    }

    /// Samples of each class, in class order (the confusion matrix's row sums).
    public var support: [Int] { confusion.map { $0.reduce(0, +) } }

    /// Samples predicted as each class, in class order (the column sums).
    public var predictedCounts: [Int] {
        (0..<classCount).map { column in confusion.reduce(0) { $0 + $1[column] } }
    }

    /// Per class: true positives over predicted positives, 0 for a class never predicted.
    public var precision: [Double] {
        zip(0..<classCount, predictedCounts).map { Self.ratio(confusion[$0][$0], $1) }
    }

    /// Per class: true positives over actual positives, 0 for a class that never occurs.
    public var recall: [Double] {
        zip(0..<classCount, support).map { Self.ratio(confusion[$0][$0], $1) }
    }

    /// Per class: `2·tp / (2·tp + fp + fn)`, the harmonic mean of precision and recall, 0 when the
    /// class has no true positives.
    public var f1: [Double] {
        let predicted = predictedCounts
        let actual = support
        return (0..<classCount).map { Self.ratio(2 * confusion[$0][$0], predicted[$0] + actual[$0]) }
    }

    /// The unweighted mean of ``precision`` over all classes.
    public var macroPrecision: Double { Self.mean(precision) }
    /// The unweighted mean of ``recall`` over all classes.
    public var macroRecall: Double { Self.mean(recall) }
    /// The unweighted mean of ``f1`` over all classes (not the F1 of the macro precision and recall).
    public var macroF1: Double { Self.mean(f1) }

    /// The mean negative log-likelihood of the actual classes, `−(1/n) Σᵢ log pᵢ,yᵢ`, in `Double`.
    ///
    /// Each probability is clipped to [`epsilon`, 1 − `epsilon`] before the log, so a confident
    /// wrong answer costs at most `−log epsilon` (≈ 34.5 for the default). Rows are not renormalized
    /// and need not sum to 1; only the actual class's entry is read.
    ///
    /// - Parameters:
    ///   - probabilities: `n × classCount` values, row-major: row `i` holds sample `i`'s class
    ///     probabilities.
    ///   - actual: the `n` actual labels.
    /// - Throws: `ComputeError.shapeMismatch` when `probabilities` does not hold `n × classCount`
    ///   values; `ComputeError.invalidArgument` for empty input, a `classCount` that is not positive,
    ///   an `epsilon` outside [0, 0.5) or the first label outside `0..<classCount`;
    ///   `ComputeError.nonFinite` for the first probability read that is NaN or infinite.
    /// - Complexity: O(n).
    public static func logLoss(
        probabilities: [Float], actual: [Int], classCount: Int, epsilon: Double = 1e-15
    ) throws(ComputeError) -> Double {
        guard !actual.isEmpty else {
            throw ComputeError(.invalidArgument, "no samples: actual is empty")
        }
        guard classCount > 0 else {
            throw ComputeError(.invalidArgument, "class count \(classCount) is not positive")
        }
        guard probabilities.count == actual.count * classCount else {
            let expected = "\(actual.count) samples × \(classCount) classes"
            throw ComputeError(
                .shapeMismatch, "probabilities hold \(probabilities.count) values, expected \(expected)")
        }
        guard epsilon >= 0, epsilon < 0.5 else {
            throw ComputeError(.invalidArgument, "clipping epsilon \(epsilon) is outside [0, 0.5)")
        }
        var total = 0.0
        for index in actual.indices {
            let label = try checkLabel(actual[index], at: index, in: "actual", classCount: classCount)
            let probability = Double(probabilities[index * classCount + label])
            guard probability.isFinite else {
                throw ComputeError(.nonFinite, "probability of sample \(index), class \(label) is \(probability)")
            }
            total -= log(min(max(probability, epsilon), 1 - epsilon))
        }
        return total / Double(actual.count)
    }

    /// The area under the ROC curve of a binary scorer: the probability that a random positive
    /// scores above a random negative, ties counting one half.
    ///
    /// Computed by the Mann–Whitney formulation `(R₊ − n₊(n₊ + 1)/2) / (n₊ n₋)`, where `R₊` sums the
    /// ascending ranks (1-based) of the positives' scores and tied scores share their average rank.
    ///
    /// - Throws: `ComputeError.shapeMismatch` when the arrays differ in length;
    ///   `ComputeError.invalidArgument` when either class is absent (including empty input);
    ///   `ComputeError.nonFinite` for the first score that is NaN (infinities rank normally).
    /// - Complexity: O(n log n).
    public static func rocAUC(scores: [Float], actual: [Bool]) throws(ComputeError) -> Double {
        guard scores.count == actual.count else {
            throw ComputeError(.shapeMismatch, "scores hold \(scores.count) values but actual has \(actual.count)")
        }
        if let index = scores.firstIndex(where: \.isNaN) {
            throw ComputeError(.nonFinite, "score at index \(index) is NaN")
        }
        let positives = actual.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = actual.count - positives
        guard positives > 0, negatives > 0 else {
            throw ComputeError(
                .invalidArgument,
                "roc auc needs both classes: \(positives) positive and \(negatives) negative samples")
        }
        let order = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
        var positiveRanks = 0.0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, scores[order[end]] == scores[order[start]] {
                end += 1
            }
            // Positions start..<end (ranks start+1 ... end) share the rank (start + 1 + end) / 2.
            let rank = Double(start + 1 + end) / 2
            for position in start..<end where actual[order[position]] {
                positiveRanks += rank
            }
            start = end
        }
        let p = Double(positives)
        return (positiveRanks - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// Throws unless `actual` is non-empty and as long as the other input.
    private static func checkSamples(actual: [Int], otherCount: Int, otherName: String) throws(ComputeError) {
        guard otherCount == actual.count else {
            throw ComputeError(.shapeMismatch, "\(otherName) has \(otherCount) labels but actual has \(actual.count)")
        }
        guard !actual.isEmpty else {
            throw ComputeError(.invalidArgument, "no samples: \(otherName) and actual are empty")
        }
    }

    /// Returns `label` if it is in `0..<classCount`, else throws naming the input and index.
    private static func checkLabel(
        _ label: Int, at index: Int, in input: String, classCount: Int
    ) throws(ComputeError) -> Int {
        guard (0..<classCount).contains(label) else {
            throw ComputeError(
                .invalidArgument, "\(input) label \(label) at index \(index) is outside 0..<\(classCount)")
        }
        return label
    }

    /// `numerator / denominator`, or 0 when the denominator is 0 (`zero_division=0`).
    private static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }

    /// The mean of `values`, summed in order.
    private static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }
}
