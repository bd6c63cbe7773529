/// The one error type of MLVDiff: a code to match on and a message naming the file and the
/// problem (lowercase, no trailing period).
public struct DiffError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable {
        /// The content does not parse as the kind it was diffed as (CSV, safetensors, NPY).
        case malformed
        /// An argument is outside what the diff accepts (an unknown key column, a bad limit).
        case invalidArgument
        /// Two rows of one version of a table share the values of the key columns.
        case duplicateKey
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
