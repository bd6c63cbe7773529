import Foundation

/// Per-path settings from `.mlvattributes` at the worktree root (gitattributes' shape):
///
///     # pattern      attributes
///     data/*.csv     key=id,date
///     *.bin          diff=binary
///     exports/*.txt  diff=table
///
/// A pattern without `/` matches the file name at any depth; one with `/` matches the path
/// from the root (gitignore's wildcards: `*`, `?`, `[...]`, `**`). When several lines match, the
/// last one wins for each attribute. Known attributes: `key` (the key columns of a table, for
/// `diff` and `merge`), `diff` (`table`, `tensor`, `text` or `binary`, overriding detection) and
/// `track` (`yes` for paths mlv manages beside git, written by `mlv track`; docs/GIT.md).
public struct Attributes: Sendable {
    struct Line: Sendable {
        var pattern: [UInt8]
        var anchored: Bool
        var values: [(name: String, value: String)]
    }

    var lines: [Line] = []

    public init() {}

    /// Parses the file's text; lines it does not understand are skipped (as git does).
    public init(text: String) {
        for raw in text.split(whereSeparator: \.isNewline) {
            let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let pattern = fields.first, !pattern.hasPrefix("#"), fields.count >= 2 else { continue }
            let trimmed = pattern.hasPrefix("/") ? String(pattern.dropFirst()) : pattern
            let values = fields.dropFirst().compactMap { field -> (String, String)? in
                guard let equals = field.firstIndex(of: "=") else { return nil }
                return (String(field[..<equals]), String(field[field.index(after: equals)...]))
            }
            lines.append(Line(pattern: Array(trimmed.utf8), anchored: pattern.contains("/"), values: values))
        }
    }

    /// The value of `name` for `path`, or nil.
    public func value(_ name: String, for path: RepoPath) -> String? {
        var result: String?
        let full = Array(path.rawValue.utf8)
        let base = Array(path.name.utf8)
        for line in lines where Wildmatch.matches(line.pattern, line.anchored ? full : base) {
            for (key, value) in line.values where key == name { result = value }
        }
        return result
    }

    /// Whether any line declares `track=yes`: then mlv manages only the tracked paths and treats
    /// every other path as ignored (docs/GIT.md, "Tracked paths").
    public var hasTrackPatterns: Bool {
        lines.contains { line in line.values.contains { $0.name == "track" && $0.value == "yes" } }
    }

    /// Whether `path` is a tracked path (`track=yes`, the last matching line winning).
    public func isTracked(_ path: RepoPath) -> Bool {
        value("track", for: path) == "yes"
    }

    /// The key columns declared for a table at `path` (empty when none).
    public func tableKey(for path: RepoPath) -> [String] {
        value("key", for: path).map { $0.split(separator: ",").map(String.init) } ?? []
    }
}

extension Repository {
    /// The worktree's `.mlvattributes` (empty when there is none).
    public func attributes() -> Attributes {
        Attributes(worktreeRoot: layout.root)
    }
}

extension Attributes {
    /// The `.mlvattributes` of the worktree at `root` (empty when there is none).
    public init(worktreeRoot root: URL) {
        let url = root.appendingPathComponent(".mlvattributes")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            self.init()
            return
        }
        self.init(text: String(decoding: data, as: UTF8.self))
    }
}
