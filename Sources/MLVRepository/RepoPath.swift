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
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ Tree.isValidName(String($0)) }) else { return nil }
        rawValue = text
    }

    init(unchecked: String) {
        rawValue = unchecked
    }

    public var isRoot: Bool { rawValue.isEmpty }
    public var components: [String] { rawValue.isEmpty ? [] : rawValue.split(separator: "/").map(String.init) }
    public var name: String { components.last ?? "" }

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
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    public var description: String { rawValue }
}
