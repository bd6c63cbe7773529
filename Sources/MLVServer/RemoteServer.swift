import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MLVRemote
import MLVWeb
import ServiceLifecycle

/// `mlv serve`: the remote API of ``RemoteService`` and the web UI of ``WebUI`` on a Hummingbird
/// HTTP/1.1 server, with streamed request and response bodies and graceful shutdown.
///
/// The only module that imports Hummingbird; everything the server decides lives in
/// ``RemoteService`` (MLVRemote) and ``WebUI`` (MLVWeb), which this adapts.
public struct RemoteServer: Sendable {
    /// Where and how to listen.
    public struct Options: Sendable {
        /// The folder whose mlv repositories are served.
        public var root: URL
        public var host = "127.0.0.1"
        /// 0 picks a free port (printed once listening).
        public var port = 8080
        /// nil: no authentication (every client may read and write).
        public var tokens: AccessTokens?
        /// Limits of the request handler.
        public var service = RemoteService.Options()
        /// A connection idle this long is closed (a stalled upload or download ends).
        public var idleTimeout: Duration = .seconds(120)

        public init(root: URL) {
            self.root = root
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Serves until the task is cancelled or, with `signals`, the process receives SIGTERM or
    /// SIGINT; in-flight requests finish first.
    ///
    /// - Parameters:
    ///   - handlesSignals: install SIGTERM/SIGINT handlers that shut down gracefully (`mlv serve`);
    ///     tests running the server in-process leave it off and cancel the task instead.
    ///   - onListening: called once with the bound host and port (the real one for port 0).
    public func run(handlesSignals: Bool, onListening: @escaping @Sendable (String, Int) -> Void) async throws {
        var logger = Logger(label: "mlv-serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let service = RemoteService(root: options.root, tokens: options.tokens, options: options.service)
        let nanoseconds =
            options.idleTimeout.components.seconds * 1_000_000_000
            + options.idleTimeout.components.attoseconds / 1_000_000_000
        let web = WebUI(root: options.root, tokens: options.tokens)
        let inFlight = InFlightRequests()
        let app = Application(
            responder: ServiceResponder(service: service, web: web, inFlight: inFlight),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(nanoseconds))),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port)),
            onServerRunning: { channel in
                onListening(channel.localAddress?.ipAddress ?? "?", channel.localAddress?.port ?? 0)
            },
            logger: logger)
        if handlesSignals {
            // Shut down in reverse order: first drain (refuse new requests, let the ones in flight
            // finish), then Hummingbird's own quiescing, which closes connections at once.
            let group = ServiceGroup(
                configuration: .init(
                    services: [app, DrainService(inFlight: inFlight)], gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger))
            try await group.run()
        } else {
            try await app.run()
        }
    }
}

/// Hands every request to the ``RemoteService`` or, for pages, the ``WebUI``, and converts its
/// response.
struct ServiceResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let service: RemoteService
    let web: WebUI
    let inFlight: InFlightRequests

    /// The largest request body a page takes (the login form).
    static let maxFormBytes = 4096

    func respond(to request: Request, context: Context) async throws -> Response {
        guard inFlight.enter() else {
            let body = HTTPProtocol.json(
                HTTPProtocol.ErrorDocument(
                    code: RemoteError.Code.unreachable.rawValue, message: "server is shutting down"))
            return Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let serviceRequest = ServiceRequest(
            method: request.method.rawValue, path: request.head.path ?? "/", headers: headers,
            contentLength: request.headers[.contentLength].flatMap { Int($0) })
        let response: ServiceResponse
        if WebUI.handles(method: serviceRequest.method, path: serviceRequest.path) {
            var form: [UInt8] = []
            do {
                for try await buffer in request.body {
                    form += buffer.readableBytesView
                    if form.count > ServiceResponder.maxFormBytes { break }
                }
            } catch {
                form = []
            }
            response = web.respond(to: serviceRequest, body: form)
        } else {
            let body = request.body.map { buffer in Array(buffer.readableBytesView) }
            response = await service.respond(to: serviceRequest, body: body)
        }
        var fields = HTTPFields()
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        let responseBody: ResponseBody
        switch response.body {
        case .bytes(let bytes):
            inFlight.leave()
            responseBody = ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        case .stream(let produce):
            responseBody = ResponseBody { [inFlight] writer in
                defer { inFlight.leave() }
                var adapter: any ServiceBodyWriter = BodyWriterAdapter(writer: writer)
                try await produce(&adapter)
                guard let adapter = adapter as? BodyWriterAdapter else { return }
                try await adapter.writer.finish(nil)
            }
        }
        return Response(status: HTTPResponse.Status(code: response.status), headers: fields, body: responseBody)
    }
}

/// Writes a streamed ``ServiceResponse`` body to Hummingbird's writer.
struct BodyWriterAdapter: ServiceBodyWriter {
    var writer: any ResponseBodyWriter

    mutating func write(_ bytes: [UInt8]) async throws {
        try await writer.write(ByteBuffer(bytes: bytes))
    }
}

/// Counts requests being answered, and refuses new ones once draining began.
final class InFlightRequests: @unchecked Sendable {
    // Safety: `lock` guards both properties.
    private let lock = NSLock()
    private var count = 0
    private var draining = false

    /// Counts a new request; false once draining began.
    func enter() -> Bool {
        lock.withLock {
            guard !draining else { return false }
            count += 1
            return true
        }
    }

    func leave() {
        lock.withLock { count -= 1 }
    }

    /// Refuses new requests from now on; returns how many are still being answered.
    func drain() -> Int {
        lock.withLock {
            draining = true
            return count
        }
    }
}

/// On graceful shutdown, waits (up to a minute) for the requests in flight to be answered, so
/// that Hummingbird's quiescing, which closes connections at once, cuts no response short.
struct DrainService: Service {
    let inFlight: InFlightRequests

    func run() async throws {
        try? await gracefulShutdown()
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while inFlight.drain() > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        // The last response's bytes may still sit in the connection's buffers.
        try? await Task.sleep(for: .milliseconds(300))
    }
}
