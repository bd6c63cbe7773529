/// The one error type of MLVFormats: a code to match on and a message that names the file part,
/// tensor or byte offset that is wrong (lowercase, no trailing period).
public struct FormatsError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable {
        /// The bytes do not follow the format: bad header, bad length, truncation.
        case malformed
        /// The bytes are well formed but use a feature this build does not read.
        case unsupported
        /// A value passed in cannot be written in the format.
        case invalidArgument
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
