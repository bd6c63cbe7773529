import Foundation

/// An HTTP request as ``RemoteService`` sees it: no sockets, so tests can build one directly and
/// `MLVServer` adapts Hummingbird's request to it. The body travels separately, as an async
/// sequence of byte chunks (``RemoteService/respond(to:body:)``).
public struct ServiceRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// The path as sent, percent-encoded, with any query (`/team/data/mlv/v1/refs`).
    public var path: String
    /// Header fields with lowercased names.
    public var headers: [String: String]
    /// The declared body length (`Content-Length`), when the client sent one.
    public var contentLength: Int?

    public init(method: String, path: String, headers: [String: String] = [:], contentLength: Int? = nil) {
        self.method = method
        self.path = path
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.contentLength = contentLength
    }
}

/// Where a streamed response body goes: the HTTP connection in `mlv serve`, a buffer in tests.
public protocol ServiceBodyWriter {
    /// Sends `bytes`; suspends while the peer is slow (back-pressure).
    mutating func write(_ bytes: [UInt8]) async throws
}

/// An HTTP response from ``RemoteService``.
public struct ServiceResponse: Sendable {
    /// How the body is produced.
    public enum Body: Sendable {
        /// A small body held in memory (JSON, key lists, errors).
        case bytes([UInt8])
        /// A body written piece by piece as it is produced (pack streams); the writer applies
        /// back-pressure, so memory stays bounded.
        case stream(@Sendable (inout any ServiceBodyWriter) async throws -> Void)
    }

    public var status: Int
    /// Header fields; `Content-Type` and `MLV-Protocol` are always set.
    public var headers: [String: String]
    public var body: Body

    public init(status: Int, headers: [String: String] = [:], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Collects the whole body (tests, small responses).
    public func collectBody() async throws -> [UInt8] {
        switch body {
        case .bytes(let bytes): return bytes
        case .stream(let produce):
            var collector: any ServiceBodyWriter = BodyCollector()
            try await produce(&collector)
            return (collector as? BodyCollector)?.bytes ?? []
        }
    }
}

/// A ``ServiceBodyWriter`` that keeps everything in memory.
struct BodyCollector: ServiceBodyWriter {
    var bytes: [UInt8] = []

    mutating func write(_ bytes: [UInt8]) async throws {
        self.bytes += bytes
    }
}
