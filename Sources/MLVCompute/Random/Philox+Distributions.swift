import Foundation

/// Draws from common distributions, each defined exactly in terms of ``Philox/next()`` so that a
/// seed gives the same values on every platform.
///
/// Uniform and integer draws use integer arithmetic and exactly rounded conversions only, so they
/// are bit-identical everywhere. Normal draws also call `log`, `sqrt`, `cos` and `sin` from the
/// platform's libm through Foundation; `sqrt` is exactly rounded, but the others are not required
/// to be, so normal draws are bit-identical only for the same build on the same machine type
/// (libm version and CPU family): the "same build and machine type" promise mlv makes for
/// reproducible runs, and the reason libm results count as part of the build.
extension Philox {
    /// Returns a uniform `Float` in [0, 1): the high 24 bits of one ``next()`` value times 2⁻²⁴.
    ///
    /// - Complexity: O(1); consumes one 64-bit value.
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Returns a uniform `Double` in [0, 1): the high 53 bits of one ``next()`` value times 2⁻⁵³.
    ///
    /// - Complexity: O(1); consumes one 64-bit value.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Returns a pair of independent standard normal draws by the Box–Muller transform.
    ///
    /// With `u1 = (⌊x₁ / 2¹¹⌋ + 1) · 2⁻⁵³` in (0, 1] and `u2` = ``nextDouble()``, the pair is
    /// `(r cos θ, r sin θ)` where `r = sqrt(-2 log u1)` and `θ = 2π u2`. The magnitude is at most
    /// `sqrt(-2 log 2⁻⁵³)` ≈ 8.57, so no draw is infinite.
    ///
    /// - Complexity: O(1); consumes two 64-bit values.
    public mutating func nextNormalPair() -> (Double, Double) {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53
        let u2 = nextDouble()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (radius * cos(angle), radius * sin(angle))
    }

    /// Returns one standard normal draw: the first value of ``nextNormalPair()`` (the second is
    /// discarded).
    ///
    /// - Complexity: O(1); consumes two 64-bit values.
    public mutating func nextNormal() -> Double {
        nextNormalPair().0
    }

    /// Returns an integer uniform in `0..<bound` without bias, by Lemire's multiply-and-reject
    /// method ("Fast random integer generation in an interval", 2019).
    ///
    /// - Throws: `ComputeError.invalidArgument` when `bound` is not positive.
    /// - Complexity: O(1) expected; consumes one 64-bit value, and another with probability
    ///   below `bound / 2⁶⁴` per retry.
    public mutating func nextInt(below bound: Int) throws(ComputeError) -> Int {
        guard bound > 0 else {
            throw ComputeError(.invalidArgument, "integer bound \(bound) is not positive")
        }
        return Int(nextBounded(UInt64(bound)))
    }

    /// Lemire's method for a `bound` the caller has checked to be positive.
    mutating func nextBounded(_ bound: UInt64) -> UInt64 {
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// Replaces the contents of `values` with `count` uniform draws from [`low`, `high`).
    ///
    /// Draw `i` is `low + (high − low) · u` computed in `Double` with `u` = ``nextDouble()``, then
    /// rounded to `Float`; a result that rounds up to `high` becomes the largest `Float` below it,
    /// so `high` itself never appears. The array's capacity is reused.
    ///
    /// - Throws: `ComputeError.invalidArgument` when `count` is negative or the bounds are not
    ///   finite with `low < high`.
    /// - Complexity: O(`count`); consumes `count` 64-bit values.
    public mutating func fill(uniform values: inout [Float], low: Float, high: Float, count: Int) throws(ComputeError) {
        try Self.check(count: count)
        guard low.isFinite, high.isFinite, low < high else {
            throw ComputeError(.invalidArgument, "uniform bounds [\(low), \(high)) are not finite with low < high")
        }
        values.removeAll(keepingCapacity: true)
        values.reserveCapacity(count)
        let base = Double(low)
        let width = Double(high) - Double(low)
        for _ in 0..<count {
            let value = Float(base + width * nextDouble())
            values.append(value < high ? value : high.nextDown)
        }
    }

    /// Returns `count` uniform draws from [`low`, `high`), as ``fill(uniform:low:high:count:)``.
    ///
    /// - Throws: `ComputeError.invalidArgument` as ``fill(uniform:low:high:count:)`` does.
    /// - Complexity: O(`count`); consumes `count` 64-bit values.
    public mutating func uniforms(count: Int, low: Float = 0, high: Float = 1) throws(ComputeError) -> [Float] {
        var values: [Float] = []
        try fill(uniform: &values, low: low, high: high, count: count)
        return values
    }

    /// Returns `count` normal draws with the given mean and standard deviation, rounded to `Float`.
    ///
    /// Elements `2k` and `2k + 1` are the two values of the `k`-th ``nextNormalPair()``, scaled as
    /// `mean + std · z` in `Double`; for an odd `count` the last pair's second value is discarded.
    ///
    /// - Throws: `ComputeError.invalidArgument` when `count` is negative, `mean` is not finite or
    ///   `std` is negative or not finite.
    /// - Complexity: O(`count`); consumes `2 × ⌈count / 2⌉` 64-bit values.
    public mutating func normals(count: Int, mean: Float = 0, std: Float = 1) throws(ComputeError) -> [Float] {
        try Self.check(count: count)
        guard mean.isFinite, std.isFinite, std >= 0 else {
            throw ComputeError(
                .invalidArgument, "normal parameters mean \(mean), std \(std) are not finite with std >= 0")
        }
        var values: [Float] = []
        values.reserveCapacity(count)
        let center = Double(mean)
        let scale = Double(std)
        while values.count < count {
            let (first, second) = nextNormalPair()
            values.append(Float(center + scale * first))
            if values.count < count {
                values.append(Float(center + scale * second))
            }
        }
        return values
    }

    /// Throws unless `count` is a valid number of draws.
    static func check(count: Int) throws(ComputeError) {
        guard count >= 0 else {
            throw ComputeError(.invalidArgument, "draw count \(count) is negative")
        }
    }
}
