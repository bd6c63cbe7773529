/// An axis range with "nice" tick values: steps of 1, 2 or 5 times a power of ten, bounds on
/// multiples of the step, and labels with exactly the decimals the step needs.
public struct NiceScale: Sendable, Equatable {
    /// The axis bounds (multiples of `step`, `lower` < `upper`).
    public var lower: Double
    public var upper: Double
    public var step: Double
    /// Decimal places the tick labels need (0 for steps of 1 or more).
    public var decimals: Int

    /// The scale covering `minimum...maximum` (in either order) with about `targetTicks` ticks
    /// (at least 2). Padding is the caller's: pass the range it wants covered. A single value
    /// gets a range around it (±10% of it, or ±1 for zero); non-finite bounds give 0...1.
    public init(minimum: Double, maximum: Double, targetTicks: Int = 5) {
        var low = min(minimum, maximum)
        var high = max(minimum, maximum)
        if !low.isFinite || !high.isFinite {
            (low, high) = (0, 1)
        }
        if low == high {
            let spread = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - spread, high + spread)
        }
        let (step, exponent) = Self.niceStep((high - low) / Double(max(1, targetTicks - 1)))
        decimals = max(0, -exponent)
        self.step = step
        // A bound within a billionth of a step of a tick is on it (0.0004 / 0.0001 is 4.000…01).
        lower = Self.rounded((low / step + 1e-9).rounded(.down) * step, decimals)
        upper = Self.rounded((high / step - 1e-9).rounded(.up) * step, decimals)
        if upper <= lower { upper = lower + step }
    }

    /// The tick values from `lower` to `upper`, each rounded to `decimals` places, so that
    /// 0.1 + 0.2 shows as 0.3.
    public var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded()) + 1
        return (0..<max(count, 1)).map { Self.rounded(lower + Double($0) * step, decimals) }
    }

    /// A tick's label: `decimals` places, no exponent ("0.25", "-10", "0").
    public func label(_ tick: Double) -> String {
        ChartNumber.fixed(tick, decimals: decimals, trimZeros: false)
    }

    /// Where `value` sits on the axis, 0 at `lower` and 1 at `upper`.
    public func fraction(_ value: Double) -> Double { (value - lower) / (upper - lower) }

    /// The smallest of 1, 2, 5 × 10^k at or above `raw` (a positive span per tick), with k.
    static func niceStep(_ raw: Double) -> (step: Double, exponent: Int) {
        guard raw.isFinite, raw > 0 else { return (1, 0) }
        var exponent = ChartNumber.decimalExponent(raw)
        let fraction = raw / ChartNumber.power10(exponent)
        let nice: Double
        switch fraction {
        case ...1.000_000_001: nice = 1
        case ...2.000_000_001: nice = 2
        case ...5.000_000_001: nice = 5
        default:
            nice = 1
            exponent += 1
        }
        return (nice * ChartNumber.power10(exponent), exponent)
    }

    private static func rounded(_ value: Double, _ decimals: Int) -> Double {
        let scale = ChartNumber.power10(decimals)
        let result = (value * scale).rounded() / scale
        return result == 0 ? 0 : result  // no -0
    }
}
