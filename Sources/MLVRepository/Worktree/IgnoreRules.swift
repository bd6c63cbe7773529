/// `.mlvignore` patterns in gitignore syntax.
///
/// A pattern file applies to its folder and below. Supported: `#` comments, blank lines, `!`
/// negation, a trailing `/` for folders only, a leading or inner `/` to anchor at the file's
/// folder, `*`, `?`, `[a-z]`/`[!a]` classes, `**` across folders, and `\` escapes. The last
/// matching pattern wins; a path inside an ignored folder stays ignored, as in git.
public struct IgnoreRules: Sendable {
    struct Pattern: Sendable {
        /// Folder of the file that holds the pattern.
        var base: RepoPath
        var glob: [UInt8]
        var negated: Bool
        var directoryOnly: Bool
        /// Anchored patterns match the path relative to `base`; others match the last component.
        var anchored: Bool
    }

    private(set) var patterns: [Pattern] = []

    public init() {}

    /// Adds the patterns of one ignore file that lives in folder `base`.
    public mutating func add(fileText: String, base: RepoPath) {
        // "\r\n" is one Character in Swift, so it must be named to split CRLF files.
        for rawLine in fileText.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var negated = false
            if line.hasPrefix("!") {
                negated = true
                line = line.dropFirst()
            } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
                line = line.dropFirst()
            }
            var directoryOnly = false
            if line.hasSuffix("/") {
                directoryOnly = true
                line = line.dropLast()
            }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line = line.dropFirst() }
            if line.isEmpty { continue }
            patterns.append(
                Pattern(
                    base: base, glob: Array(line.utf8), negated: negated, directoryOnly: directoryOnly,
                    anchored: anchored))
        }
    }

    /// Whether `path` is ignored by the patterns alone (its parent folders are not consulted;
    /// the scanner stops at ignored folders).
    public func isIgnored(_ path: RepoPath, isDirectory: Bool) -> Bool {
        for pattern in patterns.reversed() {
            guard path.isWithin(pattern.base), path != pattern.base else { continue }
            if pattern.directoryOnly && !isDirectory { continue }
            let relative =
                pattern.base.isRoot ? path.rawValue : String(path.rawValue.dropFirst(pattern.base.rawValue.count + 1))
            let subject = pattern.anchored ? Array(relative.utf8) : Array(path.name.utf8)
            if Wildmatch.matches(pattern.glob, subject) { return !pattern.negated }
        }
        return false
    }
}

/// gitignore-style glob matching over UTF-8 bytes: `*` and `?` stop at `/`, `**` crosses it.
enum Wildmatch {
    static let slash = UInt8(ascii: "/")
    static let star = UInt8(ascii: "*")

    static func matches(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        match(pattern[...], text[...])
    }

    private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        while p < pattern.endIndex {
            let c = pattern[p]
            switch c {
            case star:
                let isDouble = p + 1 < pattern.endIndex && pattern[p + 1] == star
                if isDouble {
                    // `**/` matches zero or more folders; a trailing `**` matches everything.
                    var rest = p + 2
                    let atStart = p == pattern.startIndex || pattern[p - 1] == slash
                    if rest < pattern.endIndex && pattern[rest] == slash && atStart {
                        rest += 1
                        if match(pattern[rest...], text[t...]) { return true }
                        var i = t
                        while i < text.endIndex {
                            if text[i] == slash && match(pattern[rest...], text[(i + 1)...]) { return true }
                            i += 1
                        }
                        return false
                    }
                    if rest == pattern.endIndex { return true }
                    for i in t...text.endIndex where match(pattern[rest...], text[i...]) { return true }
                    return false
                }
                let rest = p + 1
                var i = t
                while true {
                    if match(pattern[rest...], text[i...]) { return true }
                    if i == text.endIndex || text[i] == slash { return false }
                    i += 1
                }
            case UInt8(ascii: "?"):
                guard t < text.endIndex, text[t] != slash else { return false }
                p += 1
                t += 1
            case UInt8(ascii: "["):
                guard t < text.endIndex, text[t] != slash,
                    let (matched, next) = matchClass(pattern, from: p, byte: text[t])
                else { return false }
                guard matched else { return false }
                p = next
                t += 1
            case UInt8(ascii: "\\") where p + 1 < pattern.endIndex:
                guard t < text.endIndex, text[t] == pattern[p + 1] else { return false }
                p += 2
                t += 1
            default:
                guard t < text.endIndex, text[t] == c else { return false }
                p += 1
                t += 1
            }
        }
        return t == text.endIndex
    }

    /// Matches a `[...]` class at `start`; returns whether `byte` is in it and where the class ends.
    private static func matchClass(_ pattern: ArraySlice<UInt8>, from start: Int, byte: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < pattern.endIndex && (pattern[i] == UInt8(ascii: "!") || pattern[i] == UInt8(ascii: "^")) {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < pattern.endIndex {
            if pattern[i] == UInt8(ascii: "]") && !first { return (matched != negate, i + 1) }
            first = false
            var low = pattern[i]
            if low == UInt8(ascii: "\\") && i + 1 < pattern.endIndex {
                i += 1
                low = pattern[i]
            }
            if i + 2 < pattern.endIndex && pattern[i + 1] == UInt8(ascii: "-") && pattern[i + 2] != UInt8(ascii: "]") {
                let high = pattern[i + 2]
                if low <= byte && byte <= high { matched = true }
                i += 3
            } else {
                if low == byte { matched = true }
                i += 1
            }
        }
        return nil
    }
}
