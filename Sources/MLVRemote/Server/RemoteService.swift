import Foundation
import MLVRepository
import MLVStorage

/// The server side of the HTTP transport without sockets: hosts every mlv repository under a
/// root folder and answers the requests of docs/PROTOCOL.md, "HTTP transport".
///
/// A repository's name is its path under the root (`team/data` serves `<root>/team/data/.mlv`);
/// names with `..`, `.`-prefixed segments, NUL, backslashes or symlinks leading outside the root
/// are refused, so no request touches a file outside the root. Each request opens the
/// repository afresh, so pushes by other processes (or a folder remote) are seen at once.
///
/// `MLVServer` adapts Hummingbird to ``respond(to:body:)``; tests call it directly.
public struct RemoteService: Sendable {
    /// Limits and knobs; the defaults suit `mlv serve`.
    public struct Options: Sendable {
        /// The largest `lacking` or `objects` request, in keys (33 bytes each).
        public var maxKeysPerRequest = 100_000
        /// The largest `POST refs` body, in bytes.
        public var maxJSONBytes = 64 << 10
        /// The largest pack stream one `POST packs` accepts, in bytes.
        public var maxPackBytes = 64 << 30
        /// The largest stored object in a pack stream, in bytes (413 above it).
        public var maxObjectBytes = 256 << 20
        /// Received objects are made durable and visible every this many stored bytes, so that a
        /// dropped upload keeps what arrived (resume sends only the rest).
        public var commitInterval = 64 << 20
        /// Bytes of a pack stream response gathered before each write.
        public var responseChunkSize = 1 << 20

        public init() {}
    }

    /// The folder holding the repositories, symlinks resolved.
    public let root: URL
    /// nil: every request may read and write (no `--token-file`).
    public let tokens: AccessTokens?
    public let options: Options

    public init(root: URL, tokens: AccessTokens? = nil, options: Options = Options()) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.tokens = tokens
        self.options = options
    }

    /// The endpoints, by their last path segment.
    enum Endpoint: String {
        case refs
        case lacking
        case packs
        case objects
    }

    /// Answers one request. Never throws: every failure becomes a 4xx/5xx response with a JSON
    /// error body naming the problem.
    public func respond<Body: AsyncSequence>(
        to request: ServiceRequest, body: Body
    ) async -> ServiceResponse where Body.Element == [UInt8] {
        var response: ServiceResponse
        do {
            response = try await route(request, body: body)
        } catch let failure as ServiceFailure {
            response = failure.response
        } catch let error as RemoteError {
            response = ServiceFailure(error).response
        } catch {
            response = ServiceFailure(500, .unreachable, "server error: \(error)").response
        }
        response.headers[HTTPProtocol.versionHeader] = String(HTTPProtocol.version)
        if response.headers["Content-Type"] == nil {
            response.headers["Content-Type"] = "application/json"
        }
        return response
    }

    private func route<Body: AsyncSequence>(
        _ request: ServiceRequest, body: Body
    ) async throws -> ServiceResponse where Body.Element == [UInt8] {
        if let header = request.headers[HTTPProtocol.versionHeader.lowercased()] {
            guard HTTPProtocol.major(of: header) == HTTPProtocol.version else {
                throw ServiceFailure(
                    400, .unsupportedVersion,
                    "client speaks mlv protocol \(header); this server speaks version \(HTTPProtocol.version)")
            }
        }
        let (segments, endpointName) = try parsePath(request.path)
        guard let endpoint = Endpoint(rawValue: endpointName) else {
            throw ServiceFailure(404, .badRemote, "no endpoint '\(endpointName)'")
        }
        let isWrite: Bool
        switch (request.method, endpoint) {
        case ("GET", .refs), ("POST", .lacking), ("POST", .objects): isWrite = false
        case ("POST", .refs), ("POST", .packs): isWrite = true
        default:
            throw ServiceFailure(405, .protocolViolation, "\(request.method) is not allowed on '\(endpointName)'")
        }
        try authorize(request, write: isWrite)
        let repository = try openRepository(segments)
        switch (request.method, endpoint) {
        case ("GET", .refs): return try listRefs(repository)
        case ("POST", .lacking): return try await lacking(repository, request: request, body: body)
        case ("POST", .objects): return try await objects(repository, request: request, body: body)
        case ("POST", .packs): return try await receivePack(repository, request: request, body: body)
        default: return try await updateRef(repository, request: request, body: body)
        }
    }

    /// Splits `/<repo…>/mlv/v<N>/<endpoint>` into the repository's decoded segments and the endpoint.
    func parsePath(_ rawPath: String) throws(ServiceFailure) -> (repository: [String], endpoint: String) {
        let path = rawPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard path.hasPrefix("/") else {
            throw ServiceFailure(400, .invalidArgument, "request path must start with '/'")
        }
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[parts.count - 3] == "mlv", parts[parts.count - 2].hasPrefix("v") else {
            throw ServiceFailure(404, .badRemote, "no mlv endpoint at '\(path)'")
        }
        let versionText = parts[parts.count - 2].dropFirst()
        guard Int(versionText) == HTTPProtocol.version else {
            throw ServiceFailure(
                400, .unsupportedVersion,
                "'\(path)' asks for mlv protocol v\(versionText); this server speaks v\(HTTPProtocol.version)")
        }
        var segments: [String] = []
        for raw in parts.dropLast(3) {
            guard let segment = raw.removingPercentEncoding, RemoteService.isSafeSegment(segment) else {
                throw ServiceFailure(400, .invalidArgument, "invalid repository name in '\(path)'")
            }
            segments.append(segment)
        }
        return (segments, parts[parts.count - 1])
    }

    /// A repository path segment: not empty, not `.`-prefixed (`..`, `.mlv`), no `/`, `\` or NUL.
    public static func isSafeSegment(_ segment: String) -> Bool {
        !segment.isEmpty && !segment.hasPrefix(".") && segment.utf8.count <= 255
            && !segment.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.value < 0x20 }
    }

    /// Opens the repository named by `segments` (the root itself when empty), refusing anything
    /// that resolves outside the root.
    public func openRepository(_ segments: [String]) throws -> Repository {
        let url = try repositoryURL(segments)
        do {
            return try Repository(root: url)
        } catch {
            let name = segments.isEmpty ? "/" : segments.joined(separator: "/")
            throw ServiceFailure(500, .unreachable, "cannot open repository '\(name)': \(error)")
        }
    }

    /// The folder of the repository named by `segments`, symlinks resolved, when it lies inside
    /// the root and holds a real `.mlv` folder; 404 otherwise.
    public func repositoryURL(_ segments: [String]) throws -> URL {
        var url = root
        for segment in segments { url.appendPathComponent(segment) }
        let name = segments.isEmpty ? "/" : segments.joined(separator: "/")
        let notFound = ServiceFailure(404, .badRemote, "no repository '\(name)' on this server")
        let resolved = url.resolvingSymlinksInPath().path
        guard resolved == root.path || resolved.hasPrefix(root.path == "/" ? "/" : root.path + "/") else {
            throw notFound
        }
        let mlv = URL(fileURLWithPath: resolved).appendingPathComponent(".mlv")
        // A symlinked `.mlv` could lead outside the root; only a real folder counts (lstat).
        guard FileStat.of(mlv.path)?.kind == .directory else { throw notFound }
        return URL(fileURLWithPath: resolved)
    }

    /// Checks the bearer token against the scope the request needs.
    func authorize(_ request: ServiceRequest, write: Bool) throws(ServiceFailure) {
        guard let tokens else { return }
        guard let scope = tokens.scope(authorization: request.headers["authorization"]) else {
            var failure = ServiceFailure(401, .unauthorized, "missing or unknown token")
            failure.headers["WWW-Authenticate"] = "Bearer realm=\"mlv\""
            throw failure
        }
        if write && scope != .write {
            throw ServiceFailure(403, .unauthorized, "this token may read but not write")
        }
    }

    /// Reads a whole small body, refusing more than `limit` bytes (413).
    func collect<Body: AsyncSequence>(
        _ body: Body, request: ServiceRequest, limit: Int, what: String
    ) async throws -> [UInt8] where Body.Element == [UInt8] {
        if let length = request.contentLength, length > limit {
            throw ServiceFailure(413, .invalidArgument, "\(what) of \(length) bytes exceeds the limit of \(limit)")
        }
        var bytes: [UInt8] = []
        for try await piece in body {
            bytes += piece
            guard bytes.count <= limit else {
                throw ServiceFailure(413, .invalidArgument, "\(what) exceeds the limit of \(limit) bytes")
            }
        }
        return bytes
    }
}

/// A failed request: the status and the JSON error body naming what is wrong.
struct ServiceFailure: Error {
    var status: Int
    var document: HTTPProtocol.ErrorDocument
    var headers: [String: String] = [:]

    init(_ status: Int, _ code: RemoteError.Code, _ message: String, current: String? = nil) {
        self.status = status
        self.document = HTTPProtocol.ErrorDocument(code: code.rawValue, message: message, current: current)
    }

    /// Maps a transport-level error to its status.
    init(_ error: RemoteError) {
        let status: Int =
            switch error.code {
            case .badRemote: 404
            case .staleRef: 409
            case .nonFastForward: 409
            case .missingObjects: 422
            case .unauthorized: 403
            case .invalidArgument, .protocolViolation, .unsupportedVersion: 400
            case .unreachable: 500
            }
        self.init(status, error.code, error.message)
    }

    var response: ServiceResponse {
        ServiceResponse(status: status, headers: headers, body: .bytes(HTTPProtocol.json(document)))
    }
}
