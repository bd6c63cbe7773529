import MLVObjects

/// A validated path inside the worktree, relative to its root, `/`-separated (`data/train.csv`).
///
/// Every component is a valid tree name (no `.`, `..`, `.mlv`, empty or NUL), so joining a
/// `RepoPath` to the root can never leave the worktree. The root itself is the empty path.
public struct RepoPath: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// The worktree root.
    public static let root = RepoPath(unchecked: "")

    /// Validates `text`; returns nil when a component is not allowed.
    public init?(_ text: String) {
        if text.isEmpty {
            self.rawValue = ""
            return
        }
        guard RepoPath.isValid(text) else { return nil }
        rawValue = text
    }

    /// Checks every component as ``Tree/isValidName(_:)`` does, without splitting the string.
    static func isValid(_ text: String) -> Bool {
        var length = 0
        var dots = 0
        var isMLV = true
        var mlvIndex = 0
        let mlv: [UInt8] = [UInt8(ascii: "."), UInt8(ascii: "m"), UInt8(ascii: "l"), UInt8(ascii: "v")]
        func componentOK() -> Bool {
            length > 0 && length <= 4096 && !(dots == length && length <= 2) && !(isMLV && length == 4)
        }
        for byte in text.utf8 {
            if byte == UInt8(ascii: "/") {
                guard componentOK() else { return false }
                length = 0
                dots = 0
                isMLV = true
                mlvIndex = 0
                continue
            }
            if byte == 0 { return false }
            length += 1
            if byte == UInt8(ascii: ".") { dots += 1 }
            if mlvIndex < 4 && byte == mlv[mlvIndex] { mlvIndex += 1 } else { isMLV = false }
        }
        return componentOK()
    }

    init(unchecked: String) {
        rawValue = unchecked
    }

    public var isRoot: Bool { rawValue.isEmpty }
    /// The number of components (0 for the root).
    public var depth: Int { rawValue.isEmpty ? 0 : rawValue.utf8.reduce(1) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 } }
    public var components: [String] { rawValue.isEmpty ? [] : rawValue.split(separator: "/").map(String.init) }
    public var name: String {
        guard let slash = rawValue.utf8.lastIndex(of: UInt8(ascii: "/")) else { return rawValue }
        return String(rawValue[rawValue.utf8.index(after: slash)...])
    }

    public var parent: RepoPath {
        guard let slash = rawValue.lastIndex(of: "/") else { return .root }
        return RepoPath(unchecked: String(rawValue[..<slash]))
    }

    public func appending(_ name: String) -> RepoPath {
        RepoPath(unchecked: rawValue.isEmpty ? name : rawValue + "/" + name)
    }

    /// Whether `self` is `other` or lies below it.
    public func isWithin(_ other: RepoPath) -> Bool {
        other.isRoot || rawValue == other.rawValue || rawValue.hasPrefix(other.rawValue + "/")
    }

    /// Orders paths bytewise, so a directory's files sort as a tree walk visits them.
    public static func < (lhs: RepoPath, rhs: RepoPath) -> Bool {
        Tree.precedes(lhs.rawValue, rhs.rawValue)
    }

    public var description: String { rawValue }
}
