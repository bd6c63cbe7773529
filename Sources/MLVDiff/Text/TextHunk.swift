/// One hunk of a unified diff: a range of each text and the lines that show how the old range
/// became the new one, with up to ``TextDiff/context`` unchanged lines around the changes.
///
/// The numbers are those of git's header `@@ -oldStart,oldCount +newStart,newCount @@`: 1-based
/// line numbers, except that a range of 0 lines starts at the line before it (`-0,0` for an
/// empty old text).
///
/// JSON (``encode(to:)``; keys sorted by the caller's encoder):
/// ```
/// {"oldStart": 1, "oldCount": 3, "newStart": 1, "newCount": 4,
///  "function": "func main() {",            // omitted when there is none
///  "lines": [{"op": " ", "text": "a"}, {"op": "+", "text": "b", "noNewline": true}]}
/// ```
/// `op` is `" "` (context), `"-"` (deleted) or `"+"` (inserted); `text` is the line without its
/// newline, decoded as UTF-8 with invalid bytes replaced; `noNewline` appears, as `true`, on a
/// last line that has no newline.
public struct TextHunk: Sendable, Equatable, Encodable {
    /// One line of a hunk.
    public struct Line: Sendable, Equatable, Encodable {
        /// What the line is, spelled as the unified diff prefix.
        public enum Kind: String, Sendable, Encodable {
            case context = " "
            case deleted = "-"
            case inserted = "+"
        }

        public var kind: Kind
        /// The line's bytes without its newline.
        public var content: [UInt8]
        /// False for the last line of a text that does not end in a newline.
        public var hasNewline: Bool

        public init(kind: Kind, content: [UInt8], hasNewline: Bool = true) {
            self.kind = kind
            self.content = content
            self.hasNewline = hasNewline
        }

        /// A line from its bytes as ``LineTable`` cuts them (with the newline, if any).
        init(kind: Kind, line: ArraySlice<UInt8>) {
            let hasNewline = line.last == UInt8(ascii: "\n")
            self.init(kind: kind, content: Array(hasNewline ? line.dropLast() : line), hasNewline: hasNewline)
        }

        /// ``content`` as UTF-8, invalid bytes replaced by U+FFFD.
        public var text: String { String(decoding: content, as: UTF8.self) }

        private enum CodingKeys: String, CodingKey { case op, text, noNewline }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind.rawValue, forKey: .op)
            try container.encode(text, forKey: .text)
            if !hasNewline { try container.encode(true, forKey: .noNewline) }
        }
    }

    /// The first old line (1-based; the line before the range when ``oldCount`` is 0).
    public var oldStart: Int
    public var oldCount: Int
    /// The first new line, as ``oldStart``.
    public var newStart: Int
    public var newCount: Int
    /// The text git prints after the header: the nearest line above the hunk, in the old text,
    /// that starts with a letter, `_` or `$`, cut to 80 bytes, trailing whitespace removed.
    public var functionContext: [UInt8]
    /// The context, deleted and inserted lines in output order: in each change, all deleted
    /// lines come before the inserted ones.
    public var lines: [Line]

    public init(
        oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, functionContext: [UInt8] = [], lines: [Line]
    ) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.functionContext = functionContext
        self.lines = lines
    }

    /// ``functionContext`` as UTF-8, or nil when empty.
    public var function: String? {
        functionContext.isEmpty ? nil : String(decoding: functionContext, as: UTF8.self)
    }

    /// `@@ -a,b +c,d @@` as git prints it: `,b` left out when b is 1.
    public var header: String {
        "@@ -\(TextHunk.range(oldStart, oldCount)) +\(TextHunk.range(newStart, newCount)) @@"
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    private enum CodingKeys: String, CodingKey { case oldStart, oldCount, newStart, newCount, function, lines }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(oldStart, forKey: .oldStart)
        try container.encode(oldCount, forKey: .oldCount)
        try container.encode(newStart, forKey: .newStart)
        try container.encode(newCount, forKey: .newCount)
        try container.encodeIfPresent(function, forKey: .function)
        try container.encode(lines, forKey: .lines)
    }
}
