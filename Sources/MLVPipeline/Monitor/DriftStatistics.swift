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

    /// The p-value of a two-sided two-sample KS statistic as `scipy.stats.ks_2samp(method='asymp')`
    /// computes it: `kstwo.sf(D, round(n·m/(n+m)))`, the one-sample Kolmogorov distribution
    /// (Simard & L'Ecuyer's choice of method, as scipy's `_kolmogn`). In its tail
    /// (`n·D² ≥ 2.2`, where thresholds live) that is `2 · smirnov(n, D)`, summed exactly; for
    /// larger p-values, the Pelz–Good expansion (n > 140) or the exact Durbin matrix (n ≤ 140,
    /// where scipy uses Durbin's or Pomeranz's exact method).
    public static func ksPValue(_ d: Double, _ n: Int, _ m: Int) -> Double {
        guard n > 0, m > 0 else { return 1 }
        let en = (Double(n) * Double(m) / Double(n + m)).rounded(.toNearestOrEven)
        return kolmogorovTwoSided(Int(en), d)
    }

    /// `P(Dₙ ≥ x)` for the two-sided one-sample KS statistic (scipy's `kstwo.sf`).
    public static func kolmogorovTwoSided(_ n: Int, _ x: Double) -> Double {
        guard n > 0 else { return 1 }
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let count = Double(n)
        let t = count * x
        if t <= 1 {
            if t <= 0.5 { return 1 }
            // Ruben–Gambino: P(Dₙ ≤ x) = n!/nⁿ · (2t − 1)ⁿ.
            let cdf = exp(lgamma(count + 1) - count * log(count) + count * log(2 * t - 1))
            return min(1, max(0, 1 - cdf))
        }
        if t >= count - 1 { return min(1, 2 * pow(1 - x, count)) }
        if x >= 0.5 { return min(1, 2 * smirnov(n, x)) }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared > 4 { return min(1, 2 * smirnov(n, x)) }
            return min(1, max(0, 1 - durbinMatrix(n, x)))
        }
        if nxSquared >= 370 { return 0 }
        if nxSquared >= 2.2 { return min(1, 2 * smirnov(n, x)) }
        return min(1, max(0, 1 - pelzGood(n, x)))
    }

    /// The one-sided one-sample Smirnov survival function `P(Dₙ⁺ ≥ x)` by the exact
    /// Birnbaum–Tingey sum `x · Σⱼ C(n, j) (1 − x − j/n)ⁿ⁻ʲ (x + j/n)ʲ⁻¹`, in logarithms.
    /// - Complexity: O(n).
    public static func smirnov(_ n: Int, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        guard x < 1 else { return 0 }
        let count = Double(n)
        let last = Int((count * (1 - x)).rounded(.down))
        let logFactorial: Double = lgamma(count + 1)
        var sum = 0.0
        for j in 0...max(0, min(n, last)) {
            let jj = Double(j)
            let rest = 1 - x - jj / count
            guard rest > 0 || n - j == 0 else { continue }
            let logTerm =
                logFactorial - lgamma(jj + 1) - lgamma(count - jj + 1)
                + (n - j == 0 ? 0 : (count - jj) * log(rest)) + (jj - 1) * log(x + jj / count)
            sum += exp(logTerm)
        }
        return min(1, sum * x)
    }

    /// `P(Dₙ < x)` exactly by Durbin's matrix method as Marsaglia, Tsang and Wang (2003) compute
    /// it: the (k, k) entry of Hⁿ times n!/nⁿ, with scaling to keep the power in range.
    /// - Complexity: O(m³ log n) with m = 2⌊n·x⌋ + 1.
    static func durbinMatrix(_ n: Int, _ x: Double) -> Double {
        let k = Int(Double(n) * x) + 1
        let m = 2 * k - 1
        let h = Double(k) - Double(n) * x
        var matrix = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0..<m where i - j + 1 >= 0 { matrix[i * m + j] = 1 }
        }
        for i in 0..<m {
            matrix[i * m] -= pow(h, Double(i + 1))
            matrix[(m - 1) * m + i] -= pow(h, Double(m - i))
        }
        if 2 * h - 1 > 0 { matrix[(m - 1) * m] += pow(2 * h - 1, Double(m)) }
        for i in 0..<m {
            for j in 0..<m where i - j + 1 > 0 {
                for g in 1...(i - j + 1) { matrix[i * m + j] /= Double(g) }
            }
        }
        func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
            var c = [Double](repeating: 0, count: m * m)
            for i in 0..<m {
                for l in 0..<m where a[i * m + l] != 0 {
                    let factor = a[i * m + l]
                    for j in 0..<m { c[i * m + j] += factor * b[l * m + j] }
                }
            }
            return c
        }
        // Hⁿ by squaring; exponent counts the powers of 10¹⁴⁰ divided out.
        var result = [Double](repeating: 0, count: m * m)
        for i in 0..<m { result[i * m + i] = 1 }
        var resultExponent = 0
        var base = matrix
        var baseExponent = 0
        var power = n
        while power > 0 {
            if power & 1 == 1 {
                result = multiply(result, base)
                resultExponent += baseExponent
                if result[(k - 1) * m + k - 1] > 1e140 {
                    result = result.map { $0 * 1e-140 }
                    resultExponent += 140
                }
            }
            power >>= 1
            if power > 0 {
                base = multiply(base, base)
                baseExponent *= 2
                if base[(k - 1) * m + k - 1] > 1e140 {
                    base = base.map { $0 * 1e-140 }
                    baseExponent += 140
                }
            }
        }
        var s = result[(k - 1) * m + k - 1]
        var exponent = resultExponent
        for i in 1...n {
            s = s * Double(i) / Double(n)
            if s < 1e-140 {
                s *= 1e140
                exponent -= 140
            }
        }
        return s * pow(10, Double(exponent))
    }

    /// The Pelz–Good approximation of `P(Dₙ ≤ x)`, as scipy's `_kolmogn_PelzGood`.
    static func pelzGood(_ n: Int, _ x: Double) -> Double {
        let pi2 = Double.pi * Double.pi
        let pi4 = pi2 * pi2
        let pi6 = pi4 * pi2
        let z = Double(n).squareRoot() * x
        let z2 = z * z
        let z3 = z2 * z
        let z4 = z2 * z2
        let z6 = z4 * z2
        let qlog = -pi2 / 8 / z2
        if qlog < -708 { return 0 }
        var q = exp(qlog)
        let k1a = -z2
        let k1b = pi2 / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * pi2 / 4
        let k2c = pi4 * (1 - 2 * z2) / 16
        let k3d = pi6 * (5 - 30 * z2) / 64
        let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
        let k3b = pi2 * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * z4 * z4
        var k = [0.0, 0.0, 0.0, 0.0]
        let maxK = Int((16 * z / Double.pi).rounded(.up))
        if maxK >= 1 {
            for index in stride(from: maxK, through: 1, by: -1) {
                let m = Double(2 * index - 1)
                let m2 = m * m
                let m4 = m2 * m2
                let m6 = m4 * m2
                let power = pow(q, Double(8 * index))
                let coefficients = [
                    1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6,
                ]
                for i in 0..<4 { k[i] = k[i] * power + coefficients[i] }
            }
        }
        let root2Pi = (2 * Double.pi).squareRoot()
        let divisors = [z, 6 * z4, 72 * pow(z, 7), 6480 * pow(z, 10)]
        for i in 0..<4 { k[i] = k[i] * q * root2Pi / divisors[i] }
        q = exp(-pi2 / 2 / z2)
        var k2extra = 0.0
        var k3extra = 0.0
        let root3z = 3.0.squareRoot() * z
        if maxK >= 1 {
            for index in stride(from: maxK, through: 1, by: -1) {
                let kk = Double(index)
                let power = pow(q, kk * kk)
                k2extra += kk * kk * power
                let kpi = Double.pi * kk
                k3extra += (root3z + kpi) * (root3z - kpi) * kk * kk * power
            }
        }
        k[2] += k2extra * pi2 * root2Pi / (-36 * z3)
        k[3] += k3extra * pi2 * root2Pi / (216 * z6)
        var total = 0.0
        for i in 0..<4 { total += k[i] / pow(Double(n), Double(i) / 2) }
        return total
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
