import MLVCharts
import MLVObjects

/// Escaping and URL building for the pages: every text that comes from a repository or a request
/// goes through ``HTML/escape(_:)`` (element text and attribute values) and every URL path
/// segment through ``HTML/segment(_:)``.
enum HTML {
    /// `text` safe inside an element or a quoted attribute value: `& < > " '` become entities and
    /// characters no HTML or XML text may hold become U+FFFD (the charts' escaping, so a page and
    /// the SVG inside it agree).
    static func escape<S: StringProtocol>(_ text: S) -> String {
        SVGText.escape(String(text))
    }

    /// One URL path segment (or query value), percent-encoded: only `A–Z a–z 0–9 - . _ ~` stay.
    static func segment<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// A `/`-separated path (repository name, revision, file path) with each segment encoded.
    static func path<S: StringProtocol>(_ text: S) -> String {
        text.split(separator: "/", omittingEmptySubsequences: false).map { segment($0) }.joined(separator: "/")
    }

    /// `<a href="…">text</a>` with `href` already built from encoded segments.
    static func link(_ href: String, _ text: String) -> String {
        "<a href=\"\(escape(href))\">\(escape(text))</a>"
    }

    /// A byte count for people: `812 B`, `4.0 KiB`, `1.2 MiB`.
    static func size(_ bytes: UInt64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = (value * 10).rounded() / 10
        return "\(tenths) \(units[unit])"
    }

    /// A metric value: integers without a fraction, others in Swift's shortest exact form.
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A signature's time as `2023-11-14 22:13 +0100`, in its own zone.
    static func date(_ signature: Signature) -> String {
        CivilTime(unixSeconds: signature.time + Int64(signature.timeZoneMinutes) * 60).minuteText + " "
            + signature.timeZoneText
    }
}
