import Foundation
import MLVStorage

/// The transport to a repository served by `mlv serve` (docs/PROTOCOL.md, "HTTP transport").
///
/// `http://host:port/<repository>` names the repository; every request goes to
/// `<url>/mlv/v1/<endpoint>` with `Authorization: Bearer <token>` when a token is set and the
/// `MLV-Protocol` header. Uploads stream from the pack file; downloads are decoded as they arrive,
/// in requests of at most ``Options/keysPerDownload`` keys so memory stays bounded.
public struct HTTPTransport: RemoteTransport {
    /// Batch sizes; the defaults suit `mlv serve`.
    public struct Options: Sendable {
        /// Keys per `lacking` request (the server accepts up to 100 000).
        public var keysPerLacking = 10_000
        /// Keys per `objects` request.
        public var keysPerDownload = 1_024
        /// Seconds without progress before a request fails.
        public var timeout: TimeInterval = 120

        public init() {}
    }

    public let location: String
    /// The repository's URL, without a trailing slash.
    public let url: URL
    private let token: String?
    private let options: Options
    private let client: HTTPClient

    /// - Parameters:
    ///   - url: `http(s)://host[:port]/<repository>`.
    ///   - token: the bearer token (`remote.<name>.token`, else `MLV_TOKEN`), if any.
    public init(url: URL, token: String?, location: String? = nil, options: Options = Options()) {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        self.url = URL(string: text) ?? url
        self.location = location ?? url.absoluteString
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.options = options
        self.client = HTTPClient(timeout: options.timeout)
    }

    public func listRefs() async throws -> RemoteRefs {
        let response = try await send("GET", "refs")
        guard let document = try? JSONDecoder().decode(HTTPProtocol.RefsDocument.self, from: Data(response.body)) else {
            throw RemoteError(.protocolViolation, "\(location) sent a ref list that is not valid JSON")
        }
        guard document.protocol == HTTPProtocol.version else {
            throw RemoteError(
                .unsupportedVersion,
                "\(location) speaks mlv protocol \(document.protocol); this mlv speaks \(HTTPProtocol.version)",
                hint: "use the same major version of mlv on both sides")
        }
        var refs: [String: ObjectID] = [:]
        for (name, hex) in document.refs {
            guard let id = ObjectID(hex: hex) else {
                throw RemoteError(.protocolViolation, "\(location) lists ref '\(name)' at '\(hex)', not an object id")
            }
            refs[name] = id
        }
        return RemoteRefs(refs: refs, head: document.head)
    }

    public func lacking(_ keys: [ObjectKey]) async throws -> [ObjectKey] {
        var result: [ObjectKey] = []
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(keys.count, start + options.keysPerLacking)]
            let response = try await send("POST", "lacking", body: .bytes(HTTPProtocol.encode(batch)))
            guard let missing = HTTPProtocol.decodeKeys(response.body) else {
                throw RemoteError(.protocolViolation, "\(location) answered 'lacking' with a malformed key list")
            }
            result += missing
            start += batch.count
        }
        return result
    }

    public func upload(_ pack: PackStreamFile, progress: @escaping @Sendable (TransferProgress) -> Void) async throws {
        let objects = pack.objectCount
        let size = Int64(pack.byteCount)
        _ = try await send(
            "POST", "packs", body: .file(pack.url), contentType: "application/x-mlv-pack",
            sent: { total in progress(TransferProgress(objects: total >= size ? objects : 0, bytes: Int(total))) })
    }

    public func download(
        _ keys: [ObjectKey], receive: @escaping @Sendable (StoredObject) throws -> Void,
        progress: @escaping @Sendable (TransferProgress) -> Void
    ) async throws {
        let totals = DownloadTotals()
        var start = 0
        while start < keys.count {
            let batch = Array(keys[start..<min(keys.count, start + options.keysPerDownload)])
            let receiver = PackReceiver(source: location, expected: batch, receive: receive) { objects, bytes in
                progress(totals.add(objects: objects, bytes: bytes))
            }
            _ = try await send("POST", "objects", body: .bytes(HTTPProtocol.encode(batch)), receive: receiver.feed)
            try receiver.finish()
            start += batch.count
        }
    }

    public func updateRef(_ update: RemoteRefUpdate) async throws {
        let document = HTTPProtocol.RefUpdateDocument(
            name: update.name, expected: update.expected?.description, new: update.new?.description)
        _ = try await send("POST", "refs", body: .bytes(HTTPProtocol.json(document)), contentType: "application/json")
    }

    /// Sends one request to `<url>/mlv/v1/<endpoint>` and maps error statuses to ``RemoteError``.
    private func send(
        _ method: String, _ endpoint: String, body: HTTPClient.Body = .none,
        contentType: String = "application/octet-stream",
        sent: (@Sendable (Int64) -> Void)? = nil, receive: (@Sendable ([UInt8]) throws -> Void)? = nil
    ) async throws -> HTTPClient.Response {
        let target = url.appendingPathComponent(HTTPProtocol.pathPrefix).appendingPathComponent(endpoint)
        var request = HTTPClient.Request(method, url: target)
        request.setValue(String(HTTPProtocol.version), forHeader: HTTPProtocol.versionHeader)
        if let token { request.setValue("Bearer \(token)", forHeader: "Authorization") }
        if case .none = body {} else { request.setValue(contentType, forHeader: "Content-Type") }
        let response = try await client.send(request, body: body, sent: sent, receive: receive)
        guard response.isSuccess else { throw error(for: response, endpoint: endpoint) }
        return response
    }

    /// The ``RemoteError`` for a failed response, with the server's message.
    private func error(for response: HTTPClient.Response, endpoint: String) -> RemoteError {
        let document = try? JSONDecoder().decode(HTTPProtocol.ErrorDocument.self, from: Data(response.body))
        let message = document?.error.message ?? "HTTP \(response.status)"
        let said = "\(location): \(message)"
        switch response.status {
        case 401:
            return RemoteError(
                .unauthorized, said, hint: "set a token with 'mlv config remote.<name>.token <token>' or MLV_TOKEN")
        case 403:
            return RemoteError(.unauthorized, said, hint: "this token may not write; ask for a write token")
        case 404 where document?.error.code == RemoteError.Code.missingObjects.rawValue:
            return RemoteError(.missingObjects, said)
        case 404:
            return RemoteError(.badRemote, said)
        case 409:
            return RemoteError(.staleRef, said, hint: "fetch and try again")
        case 422:
            return RemoteError(.missingObjects, said)
        default:
            let code = document.flatMap { RemoteError.Code(rawValue: $0.error.code) } ?? .protocolViolation
            return RemoteError(code == .staleRef ? .protocolViolation : code, "\(said) (HTTP \(response.status))")
        }
    }
}

/// Running totals over the batches of one download.
private final class DownloadTotals: @unchecked Sendable {
    private let lock = NSLock()
    private var total = TransferProgress()

    func add(objects: Int, bytes: Int) -> TransferProgress {
        lock.withLock {
            total.objects += objects
            total.bytes += bytes
            return total
        }
    }
}

/// Decodes one `objects` response as it arrives and checks it holds exactly the keys asked for.
private final class PackReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var decoder: PackStreamDecoder
    private var remaining: Set<ObjectKey>
    private let source: String
    private let receive: @Sendable (StoredObject) throws -> Void
    private let progress: @Sendable (Int, Int) -> Void

    init(
        source: String, expected: [ObjectKey], receive: @escaping @Sendable (StoredObject) throws -> Void,
        progress: @escaping @Sendable (Int, Int) -> Void
    ) {
        self.decoder = PackStreamDecoder(source: source)
        self.remaining = Set(expected)
        self.source = source
        self.receive = receive
        self.progress = progress
    }

    /// Called with each piece of the body, in order.
    @Sendable func feed(_ bytes: [UInt8]) throws {
        let count = try lock.withLock {
            let objects = try decoder.feed(bytes)
            for object in objects {
                guard remaining.remove(object.key) != nil else {
                    throw RemoteError(.protocolViolation, "\(source) sent \(object.key), which was not asked for")
                }
                try receive(object)
            }
            return objects.count
        }
        progress(count, bytes.count)
    }

    /// Checks the trailer and that nothing asked for is missing.
    func finish() throws {
        try lock.withLock {
            try decoder.finish()
            if let missing = remaining.min() {
                throw RemoteError(.missingObjects, "\(source) did not send \(missing)")
            }
        }
    }
}
