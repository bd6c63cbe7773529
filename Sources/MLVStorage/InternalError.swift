/// A "can't happen" condition (git's `BUG`). Asserts in debug builds; in release builds it
/// reaches the user with a request to report it.
public struct InternalError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let file: String
    public let line: Int

    public init(_ message: String, file: String = #fileID, line: Int = #line) {
        self.message = message
        self.file = file
        self.line = line
        assertionFailure("internal error: \(message) at \(file):\(line)")
    }

    public var description: String {
        "internal error: \(message) (\(file):\(line)); please report this bug"
    }
}
