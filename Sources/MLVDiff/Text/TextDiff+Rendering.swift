/// The unified diff text of a ``TextDiff``, as `git diff` prints it after its `diff --git` and
/// `index` lines.
extension TextDiff {
    /// ANSI SGR sequences in git's default diff colours.
    enum Color {
        static let meta = "\u{1B}[1m"
        static let fragment = "\u{1B}[36m"
        static let deleted = "\u{1B}[31m"
        static let inserted = "\u{1B}[32m"
        static let reset = "\u{1B}[m"
    }

    /// The diff as bytes: `--- a/<oldPath>` and `+++ b/<newPath>`, then each hunk's header
    /// (with git's function context after it) and its lines, prefixed ` `, `-` or `+`, each
    /// followed by `\ No newline at end of file` when it has no newline. A path of `/dev/null`
    /// (an added or deleted file) is printed without the `a/` or `b/` prefix. Equal texts give
    /// no bytes at all.
    ///
    /// With `color`, the file lines are bold, the `@@ … @@` part cyan, deleted lines red and
    /// inserted lines green, each ended by a reset, as git's default colours; context lines stay
    /// plain. Paths and line bytes are written as they are (no quoting).
    /// - Complexity: O(size of the hunks).
    public func renderedBytes(oldPath: String, newPath: String, color: Bool = false) -> [UInt8] {
        guard !hunks.isEmpty else { return [] }
        var out: [UInt8] = []
        func append(_ text: String) { out.append(contentsOf: text.utf8) }
        func paint(_ code: String, _ body: () -> Void) {
            if color { append(code) }
            body()
            if color { append(Color.reset) }
        }
        paint(Color.meta) { append("--- " + TextDiff.displayPath(oldPath, prefix: "a/")) }
        append("\n")
        paint(Color.meta) { append("+++ " + TextDiff.displayPath(newPath, prefix: "b/")) }
        append("\n")
        for hunk in hunks {
            paint(Color.fragment) { append(hunk.header) }
            if !hunk.functionContext.isEmpty {
                // git fits the header and its function text in 128 bytes, newline included.
                let room = 128 - hunk.header.utf8.count - 2
                append(" ")
                out += hunk.functionContext.prefix(max(0, room))
            }
            append("\n")
            for line in hunk.lines {
                switch line.kind {
                case .context:
                    append(" ")
                    out += line.content
                case .deleted:
                    paint(Color.deleted) {
                        append("-")
                        out += line.content
                    }
                case .inserted:
                    paint(Color.inserted) {
                        append("+")
                        out += line.content
                    }
                }
                append("\n")
                if !line.hasNewline { append("\\ No newline at end of file\n") }
            }
        }
        return out
    }

    /// ``renderedBytes(oldPath:newPath:color:)`` as a string, invalid UTF-8 replaced by U+FFFD.
    public func rendered(oldPath: String, newPath: String, color: Bool = false) -> String {
        String(decoding: renderedBytes(oldPath: oldPath, newPath: newPath, color: color), as: UTF8.self)
    }

    /// `prefix + path`, or `/dev/null` as it is.
    private static func displayPath(_ path: String, prefix: String) -> String {
        path == "/dev/null" ? path : prefix + path
    }
}
