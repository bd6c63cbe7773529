import Foundation
import Synchronization

/// Signed requests to one bucket over ``HTTPClient``: the small part of the S3 REST API the
/// transport uses (GET with Range, PUT with conditions, DELETE, ListObjectsV2, multipart).
struct S3Client: Sendable {
    /// A response with its status, lowercased header names and whole body.
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        var etag: String? { headers["etag"] }
        /// The `<Code>` of an S3 XML error body, when there is one.
        var errorCode: String? { S3XML.values(of: "Code", in: body).first }
    }

    /// What a request sends.
    enum Body: Sendable {
        case empty
        case bytes(Data)
        /// A file sent as it is, with an unsigned payload.
        case file(URL)
    }

    let options: S3Options
    let client: HTTPClient
    /// `s3://bucket/prefix`, for messages.
    let location: String
    /// Set once the server is seen to check signatures against the decoded query (moto_server).
    private let decodedQueryServer = Flag()

    /// A Boolean shared by the copies of one client.
    private final class Flag: Sendable {
        let value = Mutex(false)
    }

    init(options: S3Options, location: String) {
        self.options = options
        self.location = location
        client = HTTPClient(timeout: options.timeout)
    }

    /// Sends one signed request for `key` (nil: the bucket itself) and returns the response,
    /// whatever its status.
    ///
    /// - Throws: ``RemoteError`` `.unreachable` when the request cannot be sent or the response
    ///   does not arrive.
    ///
    /// Query values are signed as AWS specifies (`/` encoded as `%2F`). A server that answers such
    /// a request with `SignatureDoesNotMatch` gets it once more with `/` left as it is, both in the
    /// URL and in the signature; if that one is accepted, the client keeps doing so. moto_server
    /// needs this: it checks signatures against the decoded query string (boto3 fails there the
    /// same way). A wrong key fails both ways and is reported as usual.
    func send(
        _ method: String, key: String?, query: [(name: String, value: String)] = [], headers: [String: String] = [:],
        body: Body = .empty
    ) async throws -> Response {
        let unencoded = options.signsQuerySlashesUnencoded || decodedQueryServer.value.withLock { $0 }
        let response = try await retrying(method, key, query, headers, body, slashesUnencoded: unencoded)
        guard !unencoded, response.status == 403, response.errorCode == "SignatureDoesNotMatch",
            query.contains(where: { $0.value.contains("/") })
        else { return response }
        let retried = try await retrying(method, key, query, headers, body, slashesUnencoded: true)
        if retried.status != 403 { decodedQueryServer.value.withLock { $0 = true } }
        return retried
    }

    /// Sends once, and up to twice more after 0.25 s and 1 s when the request failed in transit or
    /// got 500/503 (S3's `InternalError` and `SlowDown`) and repeating it cannot change the result:
    /// reads, and writes without a condition (pack and index keys are named by their content).
    /// Conditional writes (refs) are never repeated: a lost answer to a write that landed would
    /// turn into a false `staleRef`.
    private func retrying(
        _ method: String, _ key: String?, _ query: [(name: String, value: String)], _ headers: [String: String],
        _ body: Body, slashesUnencoded: Bool
    ) async throws -> Response {
        let conditional = headers.keys.contains { ["if-match", "if-none-match"].contains($0.lowercased()) }
        let repeatable = ["GET", "HEAD"].contains(method) || (method == "PUT" && !conditional)
        var delays: [Duration] = repeatable ? [.milliseconds(250), .seconds(1)] : []
        while true {
            do {
                let response = try await attempt(method, key, query, headers, body, slashesUnencoded: slashesUnencoded)
                guard [500, 503].contains(response.status), !delays.isEmpty else { return response }
            } catch let error as RemoteError where error.code == .unreachable && !delays.isEmpty {
                // Sent again below.
            }
            try await Task.sleep(for: delays.removeFirst())
        }
    }

    private func attempt(
        _ method: String, _ key: String?, _ query: [(name: String, value: String)], _ headers: [String: String],
        _ body: Body, slashesUnencoded: Bool
    ) async throws -> Response {
        let (url, host, path) = address(key: key, query: query, slashesUnencoded: slashesUnencoded)
        var signed = headers
        signed["host"] = host
        let payloadHash: String
        switch body {
        case .empty: payloadHash = SignatureV4.emptyPayloadHash
        case .bytes(let data): payloadHash = SignatureV4.sha256Hex(data)
        case .file: payloadHash = SignatureV4.unsignedPayload
        }
        let signer = SignatureV4(credentials: options.credentials, region: options.region)
        let signing = SignatureV4.Request(
            method: method, path: path, query: query, headers: signed, payloadHash: payloadHash,
            queryKeepsSlashes: slashesUnencoded)
        var request = HTTPClient.Request(method, url: url)
        for (name, value) in headers { request.setValue(value, forHeader: name) }
        for (name, value) in signer.signedHeaders(for: signing, date: Date()) {
            request.setValue(value, forHeader: name)
        }
        do {
            let sent: HTTPClient.Body
            switch body {
            case .empty: sent = method == "PUT" || method == "POST" ? .bytes([]) : .none
            case .bytes(let bytes): sent = .bytes([UInt8](bytes))
            case .file(let file): sent = .file(file)
            }
            let response = try await client.send(request, body: sent)
            return Response(status: response.status, headers: response.headers, body: Data(response.body))
        } catch let error as RemoteError where error.code == .unreachable {
            throw RemoteError(.unreachable, "cannot reach \(location): \(error.message)", hint: error.hint)
        } catch let error as RemoteError {
            throw error
        } catch {
            throw RemoteError(
                .unreachable, "cannot reach \(location) (\(method) \(url.absoluteString))",
                underlying: error as (any Error & Sendable))
        }
    }

    /// The error for a response with an unexpected status: 401/403 are `.unauthorized`, others
    /// `.protocolViolation` (4xx) or `.unreachable` (5xx), each naming the operation and key.
    func failure(_ response: Response, _ operation: String, key: String?) -> RemoteError {
        let what = "\(operation) \(key.map { "'\($0)'" } ?? "bucket '\(options.bucket)'") on \(location)"
        let code = response.errorCode.map { " (\($0))" } ?? ""
        switch response.status {
        case 401, 403:
            return RemoteError(
                .unauthorized, "\(what) was refused: HTTP \(response.status)\(code)",
                hint: "check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or remote.<name>.access-key-id) and the "
                    + "bucket policy")
        case 500...:
            return RemoteError(.unreachable, "\(what) failed: HTTP \(response.status)\(code)")
        default:
            return RemoteError(.protocolViolation, "\(what) failed: HTTP \(response.status)\(code)")
        }
    }

    /// The URL to send, the `host` header and the decoded path to sign.
    private func address(key: String?, query: [(name: String, value: String)], slashesUnencoded: Bool) -> (
        URL, String, String
    ) {
        var components = URLComponents()
        let path: String
        if let endpoint = options.endpoint {
            components.scheme = endpoint.scheme
            components.host = endpoint.host
            components.port = endpoint.port
            let base = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
            path = "\(base)/\(options.bucket)" + (key.map { "/\($0)" } ?? "")
        } else {
            components.scheme = "https"
            components.host = "\(options.bucket).s3.\(options.region).amazonaws.com"
            path = "/" + (key ?? "")
        }
        components.percentEncodedPath = SignatureV4.encodePath(path)
        let queryText = SignatureV4.canonicalQuery(query, keepingSlashes: slashesUnencoded)
        if !queryText.isEmpty { components.percentEncodedQuery = queryText }
        var host = components.host ?? ""
        if let port = components.port { host += ":\(port)" }
        // swift-format-ignore: NeverForceUnwrap
        // Scheme and host are set and the path and query are percent-encoded, so the URL is valid.
        return (components.url!, host, path)
    }
}

/// Reads the few values the transport needs out of S3's flat XML responses.
enum S3XML {
    /// The text of every `<tag>…</tag>` element in `body`, in order, with entities decoded.
    static func values(of tag: String, in body: Data) -> [String] {
        let text = String(decoding: body, as: UTF8.self)
        var values: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<\(tag)>") {
            guard let close = rest[open.upperBound...].range(of: "</\(tag)>") else { break }
            values.append(unescape(String(rest[open.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return values
    }

    /// Escapes text for an XML element.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#34;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
