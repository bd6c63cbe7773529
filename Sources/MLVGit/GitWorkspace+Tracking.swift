import Foundation
import MLVRepository
import MLVStorage

/// What `mlv track` / `mlv untrack` changed.
public struct TrackResult: Sendable, Equatable {
    /// Patterns added (track) or removed (untrack).
    public var changed: [String] = []
    /// Patterns that were already tracked (track) or not tracked (untrack).
    public var unchanged: [String] = []
    /// All tracked patterns afterwards, in file order.
    public var patterns: [String] = []
}

extension GitWorkspace {
    /// The first line of mlv's block in `.gitignore`.
    public static let ignoreBlockStart = "# >>> mlv (managed by mlv track; do not edit)"
    /// The last line of mlv's block in `.gitignore`.
    public static let ignoreBlockEnd = "# <<< mlv"

    /// Adds `patterns` to the tracked paths (`.mlvattributes`, `track=yes`) and rewrites mlv's
    /// block in `.gitignore`. A pattern ending in `/` means the folder's contents (`data/` is
    /// stored as `data/**`).
    public func track(_ patterns: [String]) throws -> TrackResult {
        var lines = try attributeLines()
        var result = TrackResult()
        for raw in patterns {
            let pattern = try GitWorkspace.normalize(raw)
            if trackedPatterns(in: lines).contains(pattern) {
                result.unchanged.append(pattern)
            } else {
                lines.append("\(pattern) track=yes")
                result.changed.append(pattern)
            }
        }
        try writeAttributes(lines)
        result.patterns = trackedPatterns(in: lines)
        try writeIgnoreBlock(result.patterns)
        return result
    }

    /// Removes `patterns` from the tracked paths; the files stay, now outside mlv's care.
    public func untrack(_ patterns: [String]) throws -> TrackResult {
        var lines = try attributeLines()
        var result = TrackResult()
        for raw in patterns {
            let pattern = try GitWorkspace.normalize(raw)
            let before = lines.count
            lines.removeAll { line in
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                return fields.first.map(String.init) == pattern && fields.contains("track=yes")
            }
            if lines.count == before { result.unchanged.append(pattern) } else { result.changed.append(pattern) }
        }
        try writeAttributes(lines)
        result.patterns = trackedPatterns(in: lines)
        try writeIgnoreBlock(result.patterns)
        return result
    }

    /// The tracked patterns, in file order.
    public func trackedPatterns() throws -> [String] {
        trackedPatterns(in: try attributeLines())
    }

    static func normalize(_ raw: String) throws -> String {
        var pattern = raw
        if pattern.hasPrefix("./") { pattern.removeFirst(2) }
        if pattern.hasSuffix("/") { pattern += "**" }
        guard !pattern.isEmpty, !pattern.hasPrefix("#"), !pattern.hasPrefix("!"),
            !pattern.contains(where: { $0 == " " || $0 == "\t" || $0.isNewline })
        else {
            throw GitError(
                .invalidArgument,
                "'\(raw)' cannot be a tracked pattern: patterns may not be empty, start with '#' or '!', or contain blanks"
            )
        }
        let components = pattern.split(separator: "/")
        guard !components.contains(where: { $0 == ".." || $0 == ".mlv" || $0 == ".git" }),
            pattern != "**", pattern != "*", pattern != DataLock.fileName
        else {
            throw GitError(.invalidArgument, "'\(raw)' would track mlv's or git's own files; name the data paths")
        }
        return pattern
    }

    private var attributesURL: URL { git.root.appendingPathComponent(".mlvattributes") }
    private var ignoreURL: URL { git.root.appendingPathComponent(".gitignore") }

    private func attributeLines() throws -> [String] {
        guard let data = FileManager.default.contents(atPath: attributesURL.path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).dropLastIfEmpty()
    }

    private func trackedPatterns(in lines: [String]) -> [String] {
        lines.compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = fields.first, !first.hasPrefix("#"), fields.contains("track=yes") else { return nil }
            return String(first)
        }
    }

    private func writeAttributes(_ lines: [String]) throws {
        try writeAtomically(lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n", to: attributesURL)
    }

    /// Rewrites mlv's block in `.gitignore`, leaving every other line as it was.
    private func writeIgnoreBlock(_ patterns: [String]) throws {
        let existing = FileManager.default.contents(atPath: ignoreURL.path).map { String(decoding: $0, as: UTF8.self) }
        let text = GitWorkspace.replacingIgnoreBlock(in: existing ?? "", patterns: patterns)
        if text == existing { return }
        try writeAtomically(text, to: ignoreURL)
    }

    /// `text` (a `.gitignore`) with mlv's block holding `/.mlv/` and `patterns`: replaced where
    /// it is, or appended at the end.
    static func replacingIgnoreBlock(in text: String, patterns: [String]) -> String {
        let block =
            [ignoreBlockStart, "/.mlv/"]
            + patterns.map { $0.hasPrefix("/") || $0.contains("/") ? "/" + $0.drop { $0 == "/" } : $0 } + [
                ignoreBlockEnd
            ]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastIfEmpty()
        if let start = lines.firstIndex(of: ignoreBlockStart) {
            let end = lines[start...].firstIndex(of: ignoreBlockEnd) ?? (lines.count - 1)
            lines.replaceSubrange(start...end, with: block)
        } else {
            if let last = lines.last, !last.isEmpty { lines.append("") }
            lines += block
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func writeAtomically(_ text: String, to url: URL) throws {
        do {
            try AtomicFile.write(Array(text.utf8), to: url, temporaryDirectory: repository.layout.tmp)
        } catch {
            throw GitError(.io, "cannot write '\(url.path)': \(error.message)", underlying: error)
        }
    }
}

extension Array where Element == String {
    func dropLastIfEmpty() -> [String] { last == "" ? Array(dropLast()) : self }
}
