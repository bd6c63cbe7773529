import Foundation

/// The two-sample statistics `mlv drift` reports: population stability index, the two-sample
/// Kolmogorov–Smirnov test, the chi-square test of homogeneity, and the regularized incomplete
/// gamma function behind its p-value (docs/CLI.md, "mlv drift").
///
/// Every function is pure and deterministic; the figures match scipy's (the vectors in
/// `Tests/MLVPipelineTests/Monitor` were computed once with scipy 1.17).
public enum DriftStatistics {
    /// The proportion a bin with no values counts as in the PSI sum, so that its logarithm is finite.
    public static let psiEpsilon = 1e-4

    /// Population stability index of `actual` against `expected` over `bins` bins cut at the
    /// reference's quantiles: `Σ (a − e) · ln(a / e)` over the bins' proportions.
    ///
    /// The cut points are the `i/bins` quantiles of `expected` (linear interpolation, numpy's
    /// default), duplicates removed; a value equal to a cut point falls in the bin below it.
    /// An empty bin counts as ``psiEpsilon``.
    /// - Precondition: both arrays sorted ascending.
    /// - Complexity: O((n + m) log bins).
    public static func psi(expectedSorted expected: [Double], actualSorted actual: [Double], bins: Int = 10) -> Double {
        guard !expected.isEmpty, !actual.isEmpty, bins > 1 else { return 0 }
        var edges: [Double] = []
        for index in 1..<bins {
            let edge = quantile(sorted: expected, Double(index) / Double(bins))
            if edges.last != edge { edges.append(edge) }
        }
        return psi(counts(expected, edges: edges), counts(actual, edges: edges))
    }

    /// PSI of two count vectors over the same bins (or categories).
    public static func psi(_ expected: [Int], _ actual: [Int]) -> Double {
        let totalE = Double(expected.reduce(0, +))
        let totalA = Double(actual.reduce(0, +))
        guard totalE > 0, totalA > 0 else { return 0 }
        var sum = 0.0
        for (e, a) in zip(expected, actual) {
            let pe = max(Double(e) / totalE, psiEpsilon)
            let pa = max(Double(a) / totalA, psiEpsilon)
            sum += (pa - pe) * log(pa / pe)
        }
        return sum
    }

    /// The `q` quantile of sorted values with linear interpolation (numpy's `quantile` default).
    public static func quantile(sorted values: [Double], _ q: Double) -> Double {
        let position = q * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let fraction = position - Double(lower)
        return values[lower] + (values[upper] - values[lower]) * fraction
    }

    /// How many sorted values fall in each bin `(edge[i-1], edge[i]]` (first bin from −∞, last to +∞).
    static func counts(_ sorted: [Double], edges: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: edges.count + 1)
        var bin = 0
        for value in sorted {
            while bin < edges.count && value > edges[bin] { bin += 1 }
            counts[bin] += 1
        }
        return counts
    }

    /// The two-sample Kolmogorov–Smirnov statistic `D = sup |F₁ − F₂|` (ties handled as
    /// `scipy.stats.ks_2samp` does: both empirical CDFs are taken after every copy of a value).
    /// - Precondition: both arrays sorted ascending and not empty.
    /// - Complexity: O(n + m).
    public static func ksStatistic(sorted a: [Double], sorted b: [Double]) -> Double {
        var i = 0
        var j = 0
        var d = 0.0
        let n = Double(a.count)
        let m = Double(b.count)
        while i < a.count || j < b.count {
            let value = j == b.count || (i < a.count && a[i] <= b[j]) ? a[i] : b[j]
            while i < a.count && a[i] == value { i += 1 }
            while j < b.count && b[j] == value { j += 1 }
            d = max(d, abs(Double(i) / n - Double(j) / m))
        }
        return d
    }

    /// The p-value of a two-sided two-sample KS statistic by Smirnov's limiting distribution:
    /// `Q(√(n·m/(n+m)) · D)` with `Q(λ) = 2 Σₖ (−1)ᵏ⁻¹ e^(−2k²λ²)`, as
    /// `scipy.stats.kstwobign.sf(sqrt(en) * d)`. For large samples this is what
    /// `ks_2samp(method='asymp')` converges to.
    public static func ksPValue(_ d: Double, _ n: Int, _ m: Int) -> Double {
        guard n > 0, m > 0 else { return 1 }
        let en = Double(n) * Double(m) / Double(n + m)
        return kolmogorovSurvival(en.squareRoot() * d)
    }

    /// The survival function of the Kolmogorov distribution (scipy's `kolmogorov`).
    public static func kolmogorovSurvival(_ x: Double) -> Double {
        guard x > 0 else { return 1 }
        if x < 1 {
            // Q = 1 − √(2π)/x · Σ e^(−(2k−1)²π²/(8x²)), the fast-converging form for small x.
            let w = -Double.pi * Double.pi / (8 * x * x)
            var sum = 0.0
            for k in 1...8 {
                let odd = Double(2 * k - 1)
                sum += exp(odd * odd * w)
            }
            return min(1, max(0, 1 - (2 * Double.pi).squareRoot() / x * sum))
        }
        var sum = 0.0
        var sign = 1.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * x * x)
            sum += sign * term
            if term < 1e-300 { break }
            sign = -sign
        }
        return min(1, max(0, 2 * sum))
    }

    /// The chi-square test of homogeneity on a 2 × k table of counts, as
    /// `scipy.stats.chi2_contingency`: Yates' correction only when the table has one degree of
    /// freedom (2 × 2). Categories empty on both sides must be left out by the caller.
    public static func chiSquare(_ a: [Int], _ b: [Int]) -> (statistic: Double, dof: Int, pValue: Double) {
        let k = a.count
        guard k > 1 else { return (0, 0, 1) }
        let totalA = Double(a.reduce(0, +))
        let totalB = Double(b.reduce(0, +))
        let total = totalA + totalB
        guard totalA > 0, totalB > 0 else { return (0, 0, 1) }
        let dof = k - 1
        var statistic = 0.0
        for index in 0..<k {
            let column = Double(a[index] + b[index])
            for (observed, rowTotal) in [(Double(a[index]), totalA), (Double(b[index]), totalB)] {
                let expected = rowTotal * column / total
                var diff = observed - expected
                if dof == 1 { diff = diff > 0 ? max(0, diff - 0.5) : min(0, diff + 0.5) }
                statistic += diff * diff / expected
            }
        }
        return (statistic, dof, chiSquareSurvival(statistic, dof: dof))
    }

    /// `P(X > x)` for a chi-square variable with `dof` degrees of freedom: `Q(dof/2, x/2)`.
    public static func chiSquareSurvival(_ x: Double, dof: Int) -> Double {
        guard x > 0 else { return 1 }
        return regularizedGammaQ(Double(dof) / 2, x / 2)
    }

    /// The regularized lower incomplete gamma function `P(a, x) = γ(a, x) / Γ(a)`.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x)
    }

    /// The regularized upper incomplete gamma function `Q(a, x) = 1 − P(a, x)`, computed
    /// directly in its tail so that tiny p-values keep their precision.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x)
    }

    /// `P(a, x)` by its power series (converges fast for x < a + 1).
    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var term = 1 / a
        var sum = term
        var ap = a
        for _ in 0..<10_000 {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * 1e-16 { break }
        }
        return sum * exp(-x + a * log(x) - lgamma(a))
    }

    /// `Q(a, x)` by Lentz's continued fraction (converges fast for x ≥ a + 1).
    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(-x + a * log(x) - lgamma(a)) * h
    }
}
