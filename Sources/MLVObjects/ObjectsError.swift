import MLVStorage

/// The one error type of MLVObjects: a malformed or invalid object encoding.
public struct ObjectsError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The bytes do not follow the object's canonical encoding.
        case malformed
        /// The encoding is well-formed but breaks a rule (unsorted entries, bad name, size mismatch).
        case invalid
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
