/// The one error type of MLVFormats: a code to match on and a message that names the file part,
/// tensor or byte offset that is wrong (lowercase, no trailing period).
public struct FormatsError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable {
        /// The bytes do not follow the format: bad magic, bad framing, trailing bytes.
        case malformed
        /// The bytes end before a length they declare: a header or data section runs past the end.
        case truncated
        /// A declared header length is over the format's limit (100 MB for safetensors).
        case headerTooLarge
        /// The header is not valid UTF-8, not JSON (or not a Python dict literal for NPY), or a
        /// field is missing or has the wrong type.
        case invalidHeader
        /// A shape has a negative dimension, or its element count overflows.
        case invalidShape
        /// A tensor's byte length is not its element count times its dtype's width.
        case shapeMismatch
        /// Tensor byte ranges are out of the data buffer, overlap, or leave gaps.
        case invalidOffsets
        /// Two tensors have the same name.
        case duplicateName
        /// A tensor's dtype is not the one an accessor reads (floats from an integer tensor).
        case typeMismatch
        /// The bytes are well formed but use a feature this build does not read: an unknown
        /// dtype, an NPY version or descr it does not know.
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

extension FormatsError {
    /// This error with `subject` and a colon in front of its message (`tensor "w": …`).
    func prefixed(_ subject: String) -> FormatsError {
        FormatsError(code, "\(subject): \(message)")
    }
}

/// Runs `body`, putting `subject` in front of the message of any error it throws.
func prefixingErrors<T>(with subject: String, _ body: () throws(FormatsError) -> T) throws(FormatsError) -> T {
    do { return try body() } catch { throw error.prefixed(subject) }
}
