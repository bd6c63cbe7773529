/// The one error type of MLVStorage, in the shape of NIO's `FileSystemError`: a code to match on,
/// a message to print as-is (lowercase, no trailing period, naming the path, id or offset), and
/// an optional cause.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable {
        /// A file could not be read, written, renamed or synced.
        case io
        /// Bytes on disk do not match their format: bad magic, truncation, bad checksum.
        case corrupt
        /// An object that should be there is not.
        case missingObject
        /// A format version this build does not know.
        case unsupportedVersion
        /// zlib reported an error.
        case compression
        /// A lock file is held by another process (or left by a dead one).
        case locked
        /// An argument is outside what the format allows.
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
