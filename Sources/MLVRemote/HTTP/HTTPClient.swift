import CCurl
import Foundation
import MLVStorage
import Synchronization

/// Sends one HTTP request and streams the body both ways: uploads are read from a file as they
/// go, and response bytes are handed to a closure as they arrive.
///
/// Generic plumbing for the transports that speak HTTP (`mlv serve` and S3): it knows nothing of
/// their endpoints. Requests go through libcurl, loaded on the first request (CCurl), so that
/// commands without a remote never load it. A client keeps the connections of finished requests
/// for the next ones, as many as ran at once.
public struct HTTPClient: Sendable {
    /// What to send, without the body.
    public struct Request: Sendable {
        public var method: String
        public var url: URL
        /// Header fields in the order set; names as given.
        public private(set) var headers: [(name: String, value: String)] = []

        public init(_ method: String = "GET", url: URL) {
            self.method = method
            self.url = url
        }

        /// Sets the field `name` (matched without case) to `value`, replacing any earlier value.
        public mutating func setValue(_ value: String, forHeader name: String) {
            headers.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            headers.append((name, value))
        }

        /// The value of field `name`, matched without case.
        public func value(forHeader name: String) -> String? {
            headers.last { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// A request body.
    public enum Body: Sendable {
        case none
        case bytes([UInt8])
        /// Streamed from the file, never loaded whole.
        case file(URL)
    }

    /// A received response. `body` is empty when the bytes went to a `receive` closure.
    public struct Response: Sendable {
        public var status: Int
        /// Header fields with lowercased names.
        public var headers: [String: String]
        public var body: [UInt8]

        /// True for 2xx statuses.
        public var isSuccess: Bool { (200..<300).contains(status) }
    }

    /// Seconds to connect, and seconds without any byte moving before a request fails.
    public var timeout: TimeInterval
    private let connections = Connections()

    public init(timeout: TimeInterval = 120) {
        self.timeout = timeout
    }

    /// Sends `request` with `body`; a body of `.none` sends none, even for PUT and POST.
    ///
    /// - Parameters:
    ///   - sent: called with the running total of body bytes sent.
    ///   - receive: when given, the bytes of a 2xx response are passed here as they arrive (in
    ///     order, on one thread at a time) instead of being collected; throwing cancels the request
    ///     and the error is rethrown. Other statuses are always collected into `body`.
    /// - Throws: `.unreachable` naming the URL when the connection fails or libcurl cannot be
    ///   loaded; errors of `receive`; `CancellationError` when the task is cancelled.
    public func send(
        _ request: Request, body: Body = .none, sent: (@Sendable (Int64) -> Void)? = nil,
        receive: (@Sendable ([UInt8]) throws -> Void)? = nil
    ) async throws -> Response {
        let name = request.url.absoluteString
        let source: Exchange.Source
        switch body {
        case .none: source = .none
        case .bytes(let bytes): source = .bytes(bytes)
        case .file(let url):
            do {
                let file = try FileReader(path: url.path)
                source = .file(file, size: try file.size())
            } catch {
                throw RemoteError(.unreachable, "cannot send \(url.path) to \(name): \(error)")
            }
        }
        let exchange = Exchange(source: source, sent: sent, receive: receive)
        let connection = try connections.take(for: name)
        let seconds = Int(min(max(timeout.rounded(.up), 1), 86_400))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, any Error>) in
                // libcurl blocks until the response is in: on a thread of its own, not the pool's.
                let thread = Thread {
                    let result = exchange.perform(request, on: connection, timeoutSeconds: seconds, name: name)
                    connections.give(connection)
                    continuation.resume(with: result)
                }
                thread.start()
            }
        } onCancel: {
            exchange.cancel()
        }
    }
}

/// Idle libcurl handles of one client; each keeps its connections open for the next request.
private final class Connections: Sendable {
    @safe struct Handle: @unchecked Sendable {
        // Safety: a handle is used by one request at a time: it leaves the list while in use.
        let pointer: UnsafeMutableRawPointer
    }

    /// Handles kept beyond this many are closed.
    private static let kept = 16
    private let idle = Mutex<[Handle]>([])

    func take(for name: String) throws -> Handle {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        guard let pointer = unsafe mlv_curl_handle_new() else {
            var message = [CChar](repeating: 0, count: 512)
            _ = unsafe mlv_curl_load(&message, message.count)
            throw RemoteError(
                .unreachable, "cannot send requests to \(name): \(text(of: message))",
                hint: "install libcurl (Debian: apt-get install libcurl4)")
        }
        return unsafe Handle(pointer: pointer)
    }

    func give(_ handle: Handle) {
        let surplus: Handle? = idle.withLock { handles in
            guard handles.count < Connections.kept else { return handle }
            handles.append(handle)
            return nil
        }
        if let surplus { unsafe mlv_curl_handle_free(surplus.pointer) }
    }

    deinit {
        for handle in idle.withLock({ $0 }) { unsafe mlv_curl_handle_free(handle.pointer) }
    }
}

/// One request in flight: its body source and what has come back. libcurl calls it on the thread
/// running the request only; `cancel` may come from any thread.
private final class Exchange: @unchecked Sendable {
    // Safety: every field but `cancelled` is touched only by the thread in `perform`.
    enum Source {
        case none
        case bytes([UInt8])
        case file(FileReader, size: UInt64)
    }

    private let source: Source
    private let sent: (@Sendable (Int64) -> Void)?
    private let receive: (@Sendable ([UInt8]) throws -> Void)?
    private let cancelled = Atomic(false)
    /// Body bytes handed to libcurl.
    private var offset: UInt64 = 0
    private var reported: Int64 = -1
    private var status = 0
    private var headers: [String: String] = [:]
    private var collected: [UInt8] = []
    private var failure: (any Error)?

    init(source: Source, sent: (@Sendable (Int64) -> Void)?, receive: (@Sendable ([UInt8]) throws -> Void)?) {
        self.source = source
        self.sent = sent
        self.receive = receive
    }

    func cancel() { cancelled.store(true, ordering: .relaxed) }

    private var length: UInt64 {
        switch source {
        case .none: 0
        case .bytes(let bytes): UInt64(bytes.count)
        case .file(_, let size): size
        }
    }

    func perform(
        _ request: HTTPClient.Request, on connection: Connections.Handle, timeoutSeconds: Int, name: String
    ) -> Result<HTTPClient.Response, any Error> {
        let lines = unsafe request.headers.map { unsafe strdup("\($0.name): \($0.value)") }
        defer { unsafe lines.forEach { unsafe free($0) } }
        let fields = unsafe lines.map { unsafe UnsafePointer($0) }
        var message = [CChar](repeating: 0, count: Int(MLV_CURL_ERROR_SIZE))
        var code: Int32 = 0
        var finalStatus = 0
        let context = unsafe Unmanaged.passUnretained(self).toOpaque()
        unsafe fields.withUnsafeBufferPointer { fieldPointers in
            unsafe request.method.withCString { method in
                unsafe request.url.absoluteString.withCString { url in
                    var c = unsafe mlv_curl_request()
                    unsafe c.method = method
                    unsafe c.url = url
                    unsafe c.headers = fieldPointers.baseAddress
                    unsafe c.header_count = fields.count
                    if case .none = source {} else { unsafe c.has_body = 1 }
                    unsafe c.body_length = Int64(length)
                    unsafe c.context = context
                    unsafe c.timeout_seconds = timeoutSeconds
                    // The context is always this exchange; libcurl passes back what it was given.
                    unsafe c.read = { context, buffer, size in
                        unsafe Exchange.of(context)?.read(into: buffer, size) ?? Int(MLV_CURL_READ_ABORT)
                    }
                    unsafe c.write = { context, data, size in unsafe Exchange.of(context)?.write(data, size) ?? 0 }
                    unsafe c.header = { context, line, size in unsafe Exchange.of(context)?.header(line, size) ?? 0 }
                    unsafe c.progress = { context, sent in unsafe Exchange.of(context)?.progress(sent) ?? 1 }
                    unsafe c.rewind = { context, offset in unsafe Exchange.of(context)?.rewind(to: offset) ?? 1 }
                    var answered = 0
                    code = unsafe mlv_curl_perform(connection.pointer, &c, &answered, &message)
                    finalStatus = answered
                }
            }
        }
        if let failure { return .failure(failure) }
        if cancelled.load(ordering: .relaxed) { return .failure(CancellationError()) }
        guard code == 0 else {
            return .failure(RemoteError(.unreachable, "request to \(name) failed: \(text(of: message))"))
        }
        guard finalStatus > 0 else {
            return .failure(RemoteError(.protocolViolation, "\(name) sent no HTTP response"))
        }
        return .success(HTTPClient.Response(status: finalStatus, headers: headers, body: collected))
    }

    /// The exchange a callback's context points to.
    private static func of(_ context: UnsafeMutableRawPointer?) -> Exchange? {
        guard let context = unsafe context else { return nil }
        return unsafe Unmanaged<Exchange>.fromOpaque(context).takeUnretainedValue()
    }

    private func read(into buffer: UnsafeMutablePointer<CChar>?, _ size: Int) -> Int {
        guard let buffer = unsafe buffer, size > 0 else { return 0 }
        let count = Int(min(UInt64(size), length - min(offset, length)))
        guard count > 0 else { return 0 }
        switch source {
        case .none: return 0
        case .bytes(let bytes):
            let start = Int(offset)
            unsafe bytes.withUnsafeBytes { from in
                unsafe UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(buffer), count: count)
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: from[start..<(start + count)]))
            }
        case .file(let file, _):
            do {
                let got = try unsafe file.read(
                    into: UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(buffer), count: count),
                    at: offset)
                guard got == count else {
                    failure = RemoteError(.unreachable, "'\(file.path)' shrank while being sent")
                    return Int(MLV_CURL_READ_ABORT)
                }
            } catch {
                failure = RemoteError(.unreachable, "cannot send '\(file.path)': \(error)")
                return Int(MLV_CURL_READ_ABORT)
            }
        }
        offset += UInt64(count)
        return count
    }

    private func write(_ data: UnsafePointer<CChar>?, _ size: Int) -> Int {
        guard let data = unsafe data, size > 0 else { return size }
        let bytes = unsafe UnsafeRawBufferPointer(start: data, count: size)
        guard let receive, (200..<300).contains(status) else {
            unsafe collected.append(contentsOf: bytes)
            return size
        }
        do {
            try unsafe receive(Array(bytes))
        } catch {
            failure = error
            return 0
        }
        return size
    }

    /// Keeps the fields of the last response: libcurl passes on interim ones (`100 Continue`) too.
    private func header(_ line: UnsafePointer<CChar>?, _ size: Int) -> Int {
        guard let line = unsafe line else { return size }
        let text = unsafe String(
            decoding: UnsafeRawBufferPointer(start: line, count: size), as: UTF8.self
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            let parts = text.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = [:]
        } else if let colon = text.firstIndex(of: ":") {
            let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return size
    }

    private func progress(_ total: Int64) -> Int32 {
        if cancelled.load(ordering: .relaxed) || failure != nil { return 1 }
        if let sent, total != reported, length > 0 {
            reported = total
            sent(total)
        }
        return 0
    }

    private func rewind(to position: Int64) -> Int32 {
        guard position >= 0, UInt64(position) <= length else { return 1 }
        offset = UInt64(position)
        return 0
    }
}

/// The text of a C string in `buffer`, up to its terminating zero.
private func text(of buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
