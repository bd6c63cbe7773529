import Foundation
import MLVPipeline
import Testing

/// Known answers from scipy 1.17.1 (and numpy for PSI), printed by `Fixtures/drift_vectors.py`.
@Suite struct DriftStatisticsTests {
    static let smallA = [0.1, 0.5, 0.5, 1.2, 2.0, 2.0, 2.0, 3.5]
    static let smallB = [0.4, 0.5, 1.9, 2.0, 2.5, 2.5, 4.0, 4.5, 5.0]
    static let tiesA = (0..<3000).map { Double(($0 * 7) % 101) }.sorted()
    static let tiesB = (0..<2500).map { Double(($0 * 13) % 97 + 5) }.sorted()
    static let sinesA = (0..<20000).map { sin(Double($0)) }.sorted()
    static let sinesB = (0..<30000).map { sin(Double($0) * 1.1) + 0.05 }.sorted()

    func close(_ value: Double, _ expected: Double, relative: Double = 1e-9) -> Bool {
        abs(value - expected) <= relative * max(abs(expected), 1e-300)
    }

    @Test("KS statistic with ties matches ks_2samp, small and large samples") func ksStatistic() {
        #expect(close(DriftStatistics.ksStatistic(sorted: Self.smallA, sorted: Self.smallB), 0.4305555555555556))
        #expect(close(DriftStatistics.ksStatistic(sorted: Self.tiesA, sorted: Self.tiesB), 0.049666666666666665))
        #expect(close(DriftStatistics.ksStatistic(sorted: Self.sinesA, sorted: Self.sinesB), 0.10145))
        #expect(DriftStatistics.ksStatistic(sorted: Self.tiesA, sorted: Self.tiesA) == 0)
    }

    @Test("KS p-value matches ks_2samp(method='asymp') in the tail and for large samples") func ksPValue() {
        // n·D² ≥ 2.2: the exact Smirnov sum, as scipy.
        let ties = DriftStatistics.ksPValue(0.049666666666666665, 3000, 2500)
        #expect(close(ties, 0.0023066645025440436, relative: 1e-8), "\(ties)")
        let large = DriftStatistics.ksPValue(0.10145, 20000, 30000)
        #expect(close(large, 5.643782658887889e-108, relative: 1e-6), "\(large)")
        // Small samples away from the tail: the Durbin matrix, exact as scipy.
        let small = DriftStatistics.ksPValue(0.4305555555555556, 8, 9)
        #expect(close(small, 0.3452533198064319, relative: 1e-9), "\(small)")
        #expect(DriftStatistics.ksPValue(0, 100, 100) == 1)
    }

    @Test(
        "the one-sample two-sided distribution matches kstwo.sf in each of its methods",
        arguments: [
            (500, 0.05, 0.15866260223815387), (1000, 0.03, 0.3226902143914636), (200000, 0.002, 0.39995085369038097),
            (100, 0.1, 0.2526927570063874), (50, 0.2, 0.03143877776953241), (20, 0.3, 0.04306706665851623),
            (140, 0.05, 0.8576480297656114), (3, 0.7, 0.05400000000000003),
        ])
    func kolmogorovTwoSided(n: Int, x: Double, expected: Double) {
        let value = DriftStatistics.kolmogorovTwoSided(n, x)
        #expect(close(value, expected, relative: 1e-8), "\(value)")
    }

    @Test(
        "Kolmogorov's limiting survival function matches kstwobign.sf",
        arguments: [
            (0.3, 0.9999906941986655), (0.5, 0.9639452436648751), (0.8, 0.5441424115741981),
            (1.0, 0.26999967167735456), (1.36, 0.049485876755377876), (2.0, 0.0006709252557796953),
            (3.0, 3.045995948942526e-08),
        ])
    func kolmogorov(x: Double, expected: Double) {
        #expect(close(DriftStatistics.kolmogorovSurvival(x), expected, relative: 1e-10))
    }

    @Test("PSI on reference-quantile bins matches the numpy definition") func psi() {
        #expect(
            close(
                DriftStatistics.psi(expectedSorted: Self.smallA, actualSorted: Self.smallB, bins: 3), 0.9474393761923032
            ))
        #expect(close(DriftStatistics.psi(expectedSorted: Self.tiesA, actualSorted: Self.tiesB), 0.02990342936856427))
        #expect(close(DriftStatistics.psi(expectedSorted: Self.sinesA, actualSorted: Self.sinesB), 0.748762076286628))
        #expect(DriftStatistics.psi(expectedSorted: Self.sinesA, actualSorted: Self.sinesA) == 0)
    }

    @Test(
        "chi-square of homogeneity matches chi2_contingency (Yates only for 2×2)",
        arguments: [
            ([10, 20, 30], [15, 25, 20], 3.5555555555555554, 2, 0.16901331540606607),
            ([12, 8], [5, 15], 3.6828644501278776, 1, 0.05497432872169419),
            ([100, 200, 300, 5], [120, 180, 310, 40], 28.680298312804254, 3, 2.6139917683346022e-06),
        ])
    func chiSquare(a: [Int], b: [Int], statistic: Double, dof: Int, p: Double) {
        let result = DriftStatistics.chiSquare(a, b)
        #expect(close(result.statistic, statistic))
        #expect(result.dof == dof)
        #expect(close(result.pValue, p, relative: 1e-9), "\(result.pValue)")
    }

    @Test(
        "regularized incomplete gamma matches scipy.special.gammainc/gammaincc",
        arguments: [
            (0.5, 0.1, 0.34527915398142317, 0.6547208460185768), (1.0, 2.0, 0.8646647167633873, 0.1353352832366127),
            (2.5, 1.0, 0.15085496391539038, 0.8491450360846096), (3.0, 10.0, 0.9972306042844884, 0.0027693957155115775),
            (10.0, 3.0, 0.0011024881301154815, 0.9988975118698845),
            (50.0, 60.0, 0.9155933189063082, 0.08440668109369177),
            (1.5, 40.0, 1.0, 3.0692774861724164e-17),
        ])
    func gamma(a: Double, x: Double, p: Double, q: Double) {
        #expect(close(DriftStatistics.regularizedGammaP(a, x), p, relative: 1e-11))
        #expect(close(DriftStatistics.regularizedGammaQ(a, x), q, relative: 1e-10))
    }
}
