/// A request the web UI cannot answer: the HTTP status and one line naming what is wrong, shown
/// on an error page.
public struct WebError: Error, Sendable, CustomStringConvertible {
    /// 400, 401, 404, 405, 413 or 500.
    public var status: Int
    public var message: String

    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status): \(message)" }

    static func notFound(_ message: String) -> WebError { WebError(404, message) }
    static func badRequest(_ message: String) -> WebError { WebError(400, message) }
}
