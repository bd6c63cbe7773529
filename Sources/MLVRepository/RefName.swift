/// A validated full reference name: `HEAD`, `refs/heads/<branch>`, `refs/tags/<tag>`, …
///
/// Follows git's check-ref-format rules, so names that work in git work here.
public struct RefName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public static let head = RefName(unchecked: "HEAD")
    public static let headsPrefix = "refs/heads/"
    public static let tagsPrefix = "refs/tags/"
    public static let remotesPrefix = "refs/remotes/"

    /// Validates a full name (`HEAD` or starting with `refs/`).
    public init?(_ text: String) {
        guard text == "HEAD" || (text.hasPrefix("refs/") && RefName.isValidPath(text)) else { return nil }
        rawValue = text
    }

    init(unchecked: String) {
        rawValue = unchecked
    }

    /// `refs/heads/<name>` when `name` is a valid branch name.
    public static func branch(_ name: String) -> RefName? {
        guard isValidShortName(name) else { return nil }
        return RefName(unchecked: headsPrefix + name)
    }

    /// `refs/tags/<name>` when `name` is a valid tag name.
    public static func tag(_ name: String) -> RefName? {
        guard isValidShortName(name) else { return nil }
        return RefName(unchecked: tagsPrefix + name)
    }

    /// A branch or tag name: valid as a ref path and not `HEAD` or starting with `-`.
    public static func isValidShortName(_ name: String) -> Bool {
        name != "HEAD" && !name.hasPrefix("-") && isValidPath(name)
    }

    /// git's rules: no empty component, none starting with `.` or ending with `.lock`; no `..`,
    /// `@{`, control characters, space, `~ ^ : ? * [ \`; not ending with `/` or `.`; not `@`.
    static func isValidPath(_ text: String) -> Bool {
        guard !text.isEmpty, text != "@", !text.hasSuffix("."), !text.contains(".."), !text.contains("@{") else {
            return false
        }
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { return false }
            if " ~^:?*[\\".unicodeScalars.contains(scalar) { return false }
        }
        for part in text.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty || part.hasPrefix(".") || part.hasSuffix(".lock") { return false }
        }
        return true
    }

    /// The name without `refs/heads/`, `refs/tags/` or `refs/remotes/`.
    public var shortName: String {
        for prefix in [RefName.headsPrefix, RefName.tagsPrefix, RefName.remotesPrefix]
        where rawValue.hasPrefix(prefix) {
            return String(rawValue.dropFirst(prefix.count))
        }
        return rawValue
    }

    public var isBranch: Bool { rawValue.hasPrefix(RefName.headsPrefix) }
    public var isTag: Bool { rawValue.hasPrefix(RefName.tagsPrefix) }

    public static func < (lhs: RefName, rhs: RefName) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    public var description: String { rawValue }
}
