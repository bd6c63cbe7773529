/// The one error type of MLVRemote: a code to match on, a one-line message naming the remote,
/// ref or object, and an optional hint and cause (the shape of MLVStorage's `StorageError`).
public struct RemoteError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// No remote of that name, or a URL no transport understands.
        case badRemote
        /// The remote could not be reached or broke off (network, I/O on a folder remote).
        case unreachable
        /// A compare-and-swap ref update lost: the ref moved since it was read.
        case staleRef
        /// A push that is not a fast-forward, without `--force`.
        case nonFastForward
        /// The remote (or this side) lacks objects that a ref or a request needs.
        case missingObjects
        /// Credentials missing or refused (HTTP 401/403, S3 403).
        case unauthorized
        /// The other side sent something that breaks the protocol (bad status, malformed body).
        case protocolViolation
        /// The remote speaks a protocol version this build does not.
        case unsupportedVersion
        /// An argument is invalid (a bad ref name, a path outside the repository).
        case invalidArgument
    }

    public var code: Code
    public var message: String
    /// A suggestion that fixes the problem, printed as `hint:` by the CLI.
    public var hint: String?
    public var underlying: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, hint: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.underlying = underlying
    }

    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }
}
