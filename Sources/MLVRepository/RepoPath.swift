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
        var text = text
        return text.withUTF8 { isValid(utf8: $0) }
    }

    /// ``isValid(_:)`` over the UTF-8 bytes of a path (the staging index decodes paths through it).
    static func isValid(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        for index in 0...bytes.count {
            let byte = index < bytes.count ? unsafe bytes[index] : UInt8(ascii: "/")
            if byte == 0 { return false }
            guard byte == UInt8(ascii: "/") else { continue }
            let length = index - start
            guard length > 0 && length <= 4096 else { return false }
            if length <= 4 {
                // ".", "..", ".mlv"
                let first = unsafe bytes[start]
                if first == UInt8(ascii: ".") {
                    let second = unsafe length >= 2 ? bytes[start + 1] : 0
                    if length == 1 || (length == 2 && second == UInt8(ascii: ".")) { return false }
                    let isMLV =
                        unsafe length == 4 && second == UInt8(ascii: "m")
                        && bytes[start + 2] == UInt8(ascii: "l") && bytes[start + 3] == UInt8(ascii: "v")
                    if isMLV { return false }
                }
            }
            start = index + 1
        }
        return true
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
