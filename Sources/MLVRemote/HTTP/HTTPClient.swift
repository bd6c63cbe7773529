import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends one HTTP request with URLSession and streams the body both ways: uploads are read from a
/// file as they go, and response bytes are handed to a closure as they arrive.
///
/// Generic plumbing for the transports that speak HTTP (`mlv serve`; S3 may reuse it): it knows
/// nothing of mlv's endpoints. Each call uses its own ephemeral session, invalidated afterwards.
public struct HTTPClient: Sendable {
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

    /// Seconds without any progress before a request fails.
    public var timeout: TimeInterval

    public init(timeout: TimeInterval = 120) {
        self.timeout = timeout
    }

    /// Sends `request` with `body`.
    ///
    /// - Parameters:
    ///   - sent: called with the running total of body bytes sent.
    ///   - receive: when given, the bytes of a 2xx response are passed here as they arrive (in
    ///     order, on one thread at a time) instead of being collected; throwing cancels the request
    ///     and the error is rethrown. Other statuses are always collected into `body`.
    /// - Throws: `.unreachable` naming the URL when the connection fails; errors of `receive`.
    public func send(
        _ request: URLRequest, body: Body = .none, sent: (@Sendable (Int64) -> Void)? = nil,
        receive: (@Sendable ([UInt8]) throws -> Void)? = nil
    ) async throws -> Response {
        var request = request
        request.timeoutInterval = timeout
        // libcurl (under URLSession on Linux) sends `Expect: 100-continue` for bodies over 1 MiB and
        // then waits a second for an interim answer that servers need not send; an empty value
        // removes the header, so the body follows the headers at once.
        if case .none = body {
        } else if request.value(forHTTPHeaderField: "Expect") == nil {
            request.setValue("", forHTTPHeaderField: "Expect")
        }
        let delegate = TaskDelegate(sent: sent, receive: receive)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: .ephemeral, delegate: delegate, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        let task: URLSessionTask
        switch body {
        case .none: task = session.dataTask(with: request)
        case .bytes(let bytes): task = session.uploadTask(with: request, from: Data(bytes))
        case .file(let url): task = session.uploadTask(with: request, fromFile: url)
        }
        let name = request.url?.absoluteString ?? "?"
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, any Error>) in
                delegate.start(continuation, name: name)
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }
}

/// Receives one task's events on the session's serial delegate queue.
private final class TaskDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private let sent: (@Sendable (Int64) -> Void)?
    private let receive: (@Sendable ([UInt8]) throws -> Void)?
    private var continuation: CheckedContinuation<HTTPClient.Response, any Error>?
    private var name = ""
    private var collected: [UInt8] = []
    private var failure: (any Error)?

    init(sent: (@Sendable (Int64) -> Void)?, receive: (@Sendable ([UInt8]) throws -> Void)?) {
        self.sent = sent
        self.receive = receive
    }

    func start(_ continuation: CheckedContinuation<HTTPClient.Response, any Error>, name: String) {
        lock.withLock {
            self.continuation = continuation
            self.name = name
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64, totalBytesSent: Int64,
        totalBytesExpectedToSend: Int64
    ) {
        sent?(totalBytesSent)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let status = (dataTask.response as? HTTPURLResponse)?.statusCode ?? 0
        guard let receive, (200..<300).contains(status) else {
            lock.withLock { collected.append(contentsOf: data) }
            return
        }
        guard lock.withLock({ failure == nil }) else { return }
        do {
            try receive(Array(data))
        } catch {
            lock.withLock { failure = error }
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, failure, body, name) = lock.withLock {
            let result = (self.continuation, self.failure, collected, self.name)
            self.continuation = nil
            return result
        }
        guard let continuation else { return }
        if let failure {
            continuation.resume(throwing: failure)
        } else if let error {
            continuation.resume(
                throwing: RemoteError(.unreachable, "request to \(name) failed: \(error.localizedDescription)"))
        } else if let response = task.response as? HTTPURLResponse {
            var headers: [String: String] = [:]
            for (key, value) in response.allHeaderFields {
                if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
            }
            continuation.resume(
                returning: HTTPClient.Response(status: response.statusCode, headers: headers, body: body))
        } else {
            continuation.resume(throwing: RemoteError(.protocolViolation, "\(name) sent no HTTP response"))
        }
    }
}
