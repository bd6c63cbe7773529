/// Numbers written for people and for SVG coordinates: short, and the same bytes on every machine
/// (no locale, no Foundation formatting).
public enum ChartNumber {
    /// `value` with at most `significant` significant digits and no trailing zeros: 0.1 + 0.2 gives
    /// "0.3", 0.93751 gives "0.9375", 1234567 gives "1234567"; magnitudes below 1e-4 or from 1e15
    /// on use an exponent ("1.5e-07"). NaN and the infinities give "nan", "inf" and "-inf".
    public static func format(_ value: Double, significant: Int = 4) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if value == 0 { return "0" }
        let digits = max(1, min(significant, 15))
        let magnitude = abs(value)
        if magnitude < 1e-4 || magnitude >= 1e15 { return scientific(value, digits: digits) }
        // Decimal places so that `digits` significant digits show, but integers keep every digit.
        let exponent = decimalExponent(magnitude)
        let decimals = max(0, min(digits - 1 - exponent, 15))
        return fixed(value, decimals: decimals)
    }

    /// `value` rounded to `decimals` places (0...15), trailing zeros after the point removed.
    public static func fixed(_ value: Double, decimals: Int, trimZeros: Bool = true) -> String {
        guard value.isFinite else { return format(value) }
        let places = max(0, min(decimals, 15))
        let scale = power10(places)
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e18 else { return scientific(value, digits: 15) }
        let units = UInt64(scaled)
        var text = String(units)
        if places > 0 {
            if text.count <= places { text = String(repeating: "0", count: places - text.count + 1) + text }
            let split = text.index(text.endIndex, offsetBy: -places)
            var fraction = String(text[split...])
            if trimZeros { while fraction.last == "0" { fraction.removeLast() } }
            text = String(text[..<split]) + (fraction.isEmpty ? "" : "." + fraction)
        }
        return (value < 0 && units != 0 ? "-" : "") + text
    }

    /// A coordinate in user units with one decimal ("12.5", "300"), for path and position data.
    static func coordinate(_ value: Double) -> String { fixed(value, decimals: 1) }

    /// The exponent e with 10^e <= magnitude < 10^(e+1), for a positive finite magnitude.
    static func decimalExponent(_ magnitude: Double) -> Int {
        var exponent = 0
        var scaled = magnitude
        while scaled >= 10 {
            scaled /= 10
            exponent += 1
        }
        while scaled < 1 {
            scaled *= 10
            exponent -= 1
        }
        return exponent
    }

    /// 10 to the power `exponent` (any sign), by repeated multiplication of exact powers.
    static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    private static func scientific(_ value: Double, digits: Int) -> String {
        var exponent = decimalExponent(abs(value))
        var mantissa = abs(value) / power10(exponent)
        // Rounding may carry into the next power (9.9996 → 10.00).
        if (mantissa * power10(digits - 1)).rounded() >= power10(digits) {
            mantissa /= 10
            exponent += 1
        }
        let sign = value < 0 ? "-" : ""
        let exponentText = (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
        return sign + fixed(mantissa, decimals: digits - 1) + "e" + exponentText
    }
}
