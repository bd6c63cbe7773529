/// Number formatting for diff summaries and tables, written out here so that the text is the
/// same on every platform and locale (no `printf`, no Foundation formatters).
enum NumberText {
    /// `value` rounded to `digits` significant digits, as C's `%.<digits>g` prints it: fixed
    /// notation without trailing zeros (`0.0123`, `12350`) for decimal exponents from −4 to
    /// `digits − 1`, scientific otherwise (`1.5e-07`, `2.5e+12`); `0`, `nan`, `inf`, `-inf` as such.
    /// - Complexity: O(|exponent|), at most a few hundred steps.
    static func significant(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : value < 0 ? "-inf" : "inf" }
        guard value != 0 else { return "0" }
        let digits = max(1, min(digits, 15))
        let magnitude = value.magnitude
        var exponent = 0
        while magnitude >= power(exponent + 1) { exponent += 1 }
        while magnitude < power(exponent) { exponent -= 1 }
        let limit = Int(power(digits))
        var mantissa = Int((magnitude / power(exponent) * power(digits - 1)).rounded())
        if mantissa >= limit {
            mantissa /= 10
            exponent += 1
        }
        let sign = value < 0 ? "-" : ""
        let text = String(mantissa)
        if exponent < -4 || exponent >= digits {
            let fraction = trimmed(String(text.dropFirst()))
            let exponentText = String(abs(exponent))
            return sign + String(text.prefix(1)) + (fraction.isEmpty ? "" : "." + fraction) + "e"
                + (exponent < 0 ? "-" : "+") + (exponentText.count < 2 ? "0" : "") + exponentText
        }
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + trimmed(text)
        }
        let whole = String(text.prefix(exponent + 1))
        let fraction = trimmed(String(text.dropFirst(exponent + 1)))
        return sign + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// A byte count in decimal units with one decimal: `512 B`, `1.2 kB`, `1.3 MB`, `4.0 GB`.
    static func bytes(_ count: UInt64) -> String {
        guard count >= 1000 else { return "\(count) B" }
        let units = ["kB", "MB", "GB", "TB", "PB", "EB"]
        var unit = 0
        var scale = 1000.0
        while unit < units.count - 1, (Double(count) / scale * 10).rounded() >= 10_000 {
            unit += 1
            scale *= 1000
        }
        return tenths(Int((Double(count) / scale * 10).rounded())) + " " + units[unit]
    }

    /// `fraction` as a percentage with one decimal, rounded down, so that only a whole share
    /// reads `100.0%` and any share at all reads more than `0.0%` only from 0.1% up.
    static func percentDown(_ fraction: Double) -> String {
        tenths(Int((max(0, fraction) * 1000).rounded(.down))) + "%"
    }

    /// `fraction` as a signed percentage with one decimal, rounded to nearest: `+8.3%`, `-0.5%`.
    static func signedPercent(_ fraction: Double) -> String {
        let value = Int((fraction * 1000).rounded())
        return (value < 0 ? "-" : "+") + tenths(abs(value)) + "%"
    }

    /// `123` as `12.3`.
    private static func tenths(_ value: Int) -> String {
        "\(value / 10).\(value % 10)"
    }

    /// 10^exponent, correctly rounded (parsed, so large exponents are exact to the last bit).
    private static func power(_ exponent: Int) -> Double {
        Double("1e\(exponent)") ?? 1
    }

    /// `text` without trailing zeros.
    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while text.last == "0" { text = text.dropLast() }
        return String(text)
    }
}
