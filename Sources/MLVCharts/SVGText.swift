/// Text made safe to place in SVG, XML or HTML, as element content or as a quoted attribute value.
public enum SVGText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, and the characters XML 1.0
    /// forbids (C0 controls other than tab, newline and carriage return; U+FFFE, U+FFFF) replaced
    /// by U+FFFD, so the result always parses.
    /// - Complexity: O(n) in the length of `text`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `text` cut to at most `limit` characters, the last one an ellipsis when cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
