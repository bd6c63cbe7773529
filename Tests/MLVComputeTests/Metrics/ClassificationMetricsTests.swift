import Foundation
import MLVCompute
import Testing

/// Whether `a` and `b` agree to within `tolerance`, elementwise.
func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

@Suite struct ClassificationMetricsTests {
    // Worked by hand (and checked with scikit-learn 1.9): class 3 never occurs and is never
    // predicted, so it scores 0 everywhere and still counts in the macro averages.
    static let actual = [0, 0, 1, 1, 2, 2, 2, 0, 1, 2]
    static let predicted = [0, 1, 1, 1, 2, 0, 2, 0, 2, 1]

    @Test("tallies the confusion matrix with rows for the actual class") func confusion() throws {
        let metrics = try ClassificationMetrics(predicted: Self.predicted, actual: Self.actual, classCount: 4)
        #expect(metrics.confusion == [[2, 1, 0, 0], [0, 2, 1, 0], [1, 1, 2, 0], [0, 0, 0, 0]])
        #expect(metrics.sampleCount == 10)
        #expect(metrics.support == [3, 3, 4, 0])
        #expect(metrics.predictedCounts == [3, 4, 3, 0])
        #expect(metrics.accuracy == 0.6)
    }

    @Test("scores each class and averages over all classes") func perClass() throws {
        let metrics = try ClassificationMetrics(predicted: Self.predicted, actual: Self.actual, classCount: 4)
        #expect(close(metrics.precision, [2.0 / 3, 2.0 / 4, 2.0 / 3, 0]))
        #expect(close(metrics.recall, [2.0 / 3, 2.0 / 3, 2.0 / 4, 0]))
        #expect(close(metrics.f1, [4.0 / 6, 4.0 / 7, 4.0 / 7, 0]))
        #expect(abs(metrics.macroPrecision - 0.45833333333333326) < 1e-12)
        #expect(abs(metrics.macroRecall - 0.4583333333333333) < 1e-12)
        #expect(abs(metrics.macroF1 - 0.4523809523809524) < 1e-12)
    }

    @Test("gives precision 0 to a class never predicted and recall 0 to one never present") func zeroDivision() throws {
        let metrics = try ClassificationMetrics(predicted: [3, 1, 0, 2], actual: [0, 1, 1, 2], classCount: 4)
        #expect(metrics.precision == [0, 1, 1, 0])
        #expect(metrics.recall == [0, 0.5, 1, 0])
        #expect(close(metrics.f1, [0, 2.0 / 3, 1, 0]))
        #expect(metrics.macroPrecision == 0.5)
        #expect(metrics.macroRecall == 0.375)
    }

    @Test("rejects mismatched, empty and out-of-range input") func badInput() {
        #expect {
            try ClassificationMetrics(predicted: [0, 1], actual: [0], classCount: 2)
        } throws: { ($0 as? ComputeError)?.code == .shapeMismatch }
        #expect(throws: ComputeError.self) { try ClassificationMetrics(predicted: [], actual: [], classCount: 2) }
        #expect(throws: ComputeError.self) { try ClassificationMetrics(predicted: [0], actual: [0], classCount: 0) }
        #expect {
            try ClassificationMetrics(predicted: [0, 1, 5, 2], actual: [0, 1, 1, -1], classCount: 3)
        } throws: { error in
            let error = error as? ComputeError
            return error?.code == .invalidArgument && error?.message == "predicted label 5 at index 2 is outside 0..<3"
        }
    }

    @Test("computes log loss on the actual class's probability") func logLoss() throws {
        let probabilities: [Float] = [0.8, 0.2, 0.3, 0.7, 0.5, 0.5]
        let loss = try ClassificationMetrics.logLoss(probabilities: probabilities, actual: [0, 1, 0], classCount: 2)
        let expected = -(log(Double(Float(0.8))) + log(Double(Float(0.7))) + log(0.5)) / 3
        #expect(loss == expected)
        #expect(abs(loss - 0.4243218926472084) < 1e-12)
    }

    @Test("clips probabilities to [epsilon, 1 − epsilon]") func logLossClipping() throws {
        let certainAndWrong = try ClassificationMetrics.logLoss(probabilities: [1, 0], actual: [1], classCount: 2)
        #expect(abs(certainAndWrong - 34.538776394910684) < 1e-9)
        let certainAndRight = try ClassificationMetrics.logLoss(probabilities: [1, 0], actual: [0], classCount: 2)
        #expect(certainAndRight > 0 && certainAndRight < 1e-14)
        let loose = try ClassificationMetrics.logLoss(probabilities: [0], actual: [0], classCount: 1, epsilon: 0.25)
        #expect(loose == -log(0.25))
    }

    @Test("rejects bad log loss input") func badLogLoss() {
        typealias M = ClassificationMetrics
        #expect {
            try M.logLoss(probabilities: [0.5, 0.5, 1], actual: [0, 1], classCount: 2)
        } throws: { ($0 as? ComputeError)?.code == .shapeMismatch }
        #expect(throws: ComputeError.self) { try M.logLoss(probabilities: [], actual: [], classCount: 2) }
        #expect(throws: ComputeError.self) { try M.logLoss(probabilities: [1, 0], actual: [2], classCount: 2) }
        #expect(throws: ComputeError.self) {
            try M.logLoss(probabilities: [1], actual: [0], classCount: 1, epsilon: 0.5)
        }
        #expect {
            try M.logLoss(probabilities: [0.5, 0.5, .nan, 0.5], actual: [0, 0], classCount: 2)
        } throws: { ($0 as? ComputeError)?.code == .nonFinite }
    }

    @Test(
        "computes ROC AUC with average ranks for ties",
        arguments: [
            ([0.1, 0.4, 0.35, 0.8], [false, false, true, true], 0.75),
            ([0.1, 0.5, 0.5, 0.9], [false, true, false, true], 0.875),
            ([0.3, 0.3, 0.2, 0.9, 0.1, 0.3, 0.9], [false, true, false, true, true, false, true], 2.0 / 3),
            ([0.5, 0.5, 0.5, 0.5], [true, false, true, false], 0.5),
            ([1, 2, 3, 4], [true, true, false, false], 0),
        ] as [([Float], [Bool], Double)])
    func rocAUC(scores: [Float], actual: [Bool], expected: Double) throws {
        #expect(abs(try ClassificationMetrics.rocAUC(scores: scores, actual: actual) - expected) < 1e-12)
    }

    @Test("rejects ROC AUC input without both classes or with NaN") func badROC() {
        #expect(throws: ComputeError.self) {
            try ClassificationMetrics.rocAUC(scores: [0.1, 0.2], actual: [true, true])
        }
        #expect(throws: ComputeError.self) { try ClassificationMetrics.rocAUC(scores: [], actual: []) }
        #expect {
            try ClassificationMetrics.rocAUC(scores: [0.1], actual: [true, false])
        } throws: { ($0 as? ComputeError)?.code == .shapeMismatch }
        #expect {
            try ClassificationMetrics.rocAUC(scores: [0.1, .nan], actual: [true, false])
        } throws: { ($0 as? ComputeError)?.code == .nonFinite }
    }
}
