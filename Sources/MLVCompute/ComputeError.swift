/// The one error type of MLVCompute: a code to match on and a message naming the tensor, shape
/// or index that is wrong (lowercase, no trailing period).
public struct ComputeError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable {
        /// Two shapes that must agree do not.
        case shapeMismatch
        /// An argument is outside what the operation accepts (axis, index, size).
        case invalidArgument
        /// An input holds NaN or infinity.
        case nonFinite
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
