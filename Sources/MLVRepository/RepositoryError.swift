import MLVObjects
import MLVStorage

/// The one error type of MLVRepository: code, a message that names the path, ref or id, an
/// optional hint that says how to fix it, and an optional cause.
public struct RepositoryError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notARepository
        case alreadyExists
        case unknownRevision
        case ambiguousRevision
        case invalidRefName
        case refConflict
        case pathOutsideWorktree
        case pathNotFound
        case fileChanged
        case wouldOverwrite
        case unsupportedFormat
        case invalidConfig
        case invalidArgument
        case nothingToCommit
        case mergeInProgress
        case noMergeInProgress
        case notFastForward
        case unrelatedHistories
        case unmergedPaths
        case mergeNotSupported
        case corrupt
        case unsafeTree
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

extension RepositoryError {
    /// Wraps an object decoding failure, naming the object.
    static func corrupt(_ kind: ObjectKind, _ id: ObjectID, _ error: ObjectsError) -> RepositoryError {
        RepositoryError(
            .corrupt, "\(kind) \(id.abbreviated) is corrupt: \(error.message)",
            hint: "run 'mlv fsck' to list damaged objects",
            underlying: error)
    }

    static func io(_ message: String, _ error: any Error) -> RepositoryError {
        RepositoryError(.io, "\(message): \(error)", underlying: error)
    }
}
