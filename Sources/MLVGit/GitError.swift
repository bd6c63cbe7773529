/// The one error type of MLVGit: code, a message naming the path, hook, object or git command,
/// an optional hint that says how to fix it, and an optional cause.
public struct GitError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Not inside a git worktree, or git itself failed.
        case notAGitRepository
        case gitFailed
        /// `mlv.lock` or a pointer is malformed.
        case malformedLock
        case malformedPointer
        /// A hook file is in the way (for example a chained hook already exists).
        case hookConflict
        /// Objects that the lock or a pointer names are not in the store.
        case missingObjects
        /// Tracked data differs from `mlv.lock` (pre-commit's "no").
        case lockOutOfDate
        /// git's filter protocol was broken by the other side.
        case protocolError
        case invalidArgument
        case io
    }

    public var code: Code
    public var message: String
    public var hint: String?
    public var underlying: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, hint: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.underlying = underlying
    }

    public var description: String { message }
}
