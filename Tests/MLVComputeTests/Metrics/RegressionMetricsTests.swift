import MLVCompute
import Testing

@Suite struct RegressionMetricsTests {
    // scikit-learn's documentation example; every value is exact in Float, so are the results.
    static let actual: [Float] = [3, -0.5, 2, 7]
    static let predicted: [Float] = [2.5, 0, 2, 8]

    @Test("computes MSE, RMSE and MAE") func errors() throws {
        #expect(try RegressionMetrics.meanSquaredError(predicted: Self.predicted, actual: Self.actual) == 0.375)
        #expect(try RegressionMetrics.rmse(predicted: Self.predicted, actual: Self.actual) == 0.375.squareRoot())
        #expect(try RegressionMetrics.mae(predicted: Self.predicted, actual: Self.actual) == 0.5)
    }

    @Test("computes R² as 1 − SS_res / SS_tot") func r2() throws {
        // mean 2.875; SS_tot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SS_res = 1.5.
        let value = try RegressionMetrics.r2(predicted: Self.predicted, actual: Self.actual)
        #expect(value == 1 - 1.5 / 29.1875)
        #expect(abs(value - 0.9486081370449679) < 1e-15)
        #expect(try RegressionMetrics.r2(predicted: [1, 1, 1, 1], actual: [0, 1, 2, -1]) < 0)
    }

    @Test("gives R² 1 or 0 when the actual values are all equal") func constantActual() throws {
        #expect(try RegressionMetrics.r2(predicted: [0.1, 0.1, 0.1], actual: [0.1, 0.1, 0.1]) == 1)
        #expect(try RegressionMetrics.r2(predicted: [0.1, 0.2, 0.1], actual: [0.1, 0.1, 0.1]) == 0)
    }

    @Test("rejects mismatched, empty and non-finite input") func badInput() {
        #expect {
            try RegressionMetrics.mae(predicted: [1, 2], actual: [1])
        } throws: { ($0 as? ComputeError)?.code == .shapeMismatch }
        #expect(throws: ComputeError.self) { try RegressionMetrics.rmse(predicted: [], actual: []) }
        #expect {
            try RegressionMetrics.r2(predicted: [1, 2], actual: [1, .infinity])
        } throws: { error in
            (error as? ComputeError)?.message == "actual value at index 1 is inf"
        }
    }
}
