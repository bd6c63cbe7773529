import Crypto
import Foundation
import MLVObjects

/// Credentials for signing S3 requests: an access key pair and, for temporary credentials, a
/// session token (sent as `x-amz-security-token`).
public struct S3Credentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// AWS Signature Version 4 (header-based), as S3 and every S3-compatible store check it.
///
/// The steps follow AWS's published algorithm: a canonical request (method, URI-encoded path,
/// sorted query, sorted lowercase headers, the signed header list, the payload hash), a string to
/// sign (algorithm, timestamp, credential scope, SHA-256 of the canonical request), a signing key
/// derived by four HMAC-SHA256 steps from the secret, the date, the region and the service, and
/// finally the HMAC of the string to sign with that key. See docs/PROTOCOL.md, "S3 transport".
public struct SignatureV4: Sendable {
    /// A request as it is signed: the path and query are given decoded and are encoded here, so the
    /// URL sent and the canonical request always agree.
    public struct Request: Sendable {
        public var method: String
        /// The decoded path, starting with `/` (`/bucket/key` for path-style addressing).
        public var path: String
        /// Query parameters, decoded; the order does not matter.
        public var query: [(name: String, value: String)]
        /// Headers to sign, including `host`; names in any case.
        public var headers: [String: String]
        /// Lowercase hex SHA-256 of the body, or ``SignatureV4/unsignedPayload``.
        public var payloadHash: String
        /// Leaves `/` unencoded in query values (see ``S3Options/signsQuerySlashesUnencoded``); AWS
        /// and MinIO need false.
        public var queryKeepsSlashes: Bool

        public init(
            method: String, path: String, query: [(name: String, value: String)] = [], headers: [String: String],
            payloadHash: String, queryKeepsSlashes: Bool = false
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
            self.queryKeepsSlashes = queryKeepsSlashes
        }
    }

    /// The payload hash for bodies that are streamed unsigned.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// The SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public var credentials: S3Credentials
    public var region: String
    public var service: String

    public init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to add to `request` so that it carries a valid signature made at `date`:
    /// `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` (with a session token) and
    /// `Authorization`. Those headers (except `Authorization`) are signed too.
    public func signedHeaders(for request: Request, date: Date) -> [String: String] {
        let timestamp = Self.timestamp(date)
        var request = request
        var added = ["x-amz-date": timestamp, "x-amz-content-sha256": request.payloadHash]
        if let token = credentials.sessionToken { added["x-amz-security-token"] = token }
        for (name, value) in added { request.headers[name] = value }
        added["Authorization"] = authorization(for: request, timestamp: timestamp)
        return added
    }

    /// The `Authorization` header value for a request whose headers already hold `x-amz-date`
    /// (equal to `timestamp`) and `x-amz-content-sha256`.
    public func authorization(for request: Request, timestamp: String) -> String {
        let canonical = canonicalRequest(request)
        let toSign = stringToSign(canonicalRequest: canonical, timestamp: timestamp)
        let signature = Self.hex(
            Array(
                HMAC<SHA256>.authenticationCode(
                    for: Array(toSign.utf8), using: signingKey(day: String(timestamp.prefix(8))))))
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(day: String(timestamp.prefix(8)))),"
            + "SignedHeaders=\(signedHeaderList(request)),Signature=\(signature)"
    }

    /// The canonical request: the six lines whose hash the string to sign carries.
    public func canonicalRequest(_ request: Request) -> String {
        let headers = request.headers.map { (name: $0.key.lowercased(), value: Self.trimmed($0.value)) }
            .sorted { $0.name < $1.name }
        let headerLines = headers.map { "\($0.name):\($0.value)\n" }.joined()
        return [
            request.method, Self.encodePath(request.path),
            Self.canonicalQuery(request.query, keepingSlashes: request.queryKeepsSlashes), headerLines,
            signedHeaderList(request), request.payloadHash,
        ].joined(separator: "\n")
    }

    /// The string to sign: algorithm, timestamp, credential scope and the canonical request's hash.
    public func stringToSign(canonicalRequest: String, timestamp: String) -> String {
        let hash = Self.hex(Array(SHA256.hash(data: Array(canonicalRequest.utf8))))
        return "AWS4-HMAC-SHA256\n\(timestamp)\n\(scope(day: String(timestamp.prefix(8))))\n\(hash)"
    }

    /// The key derived from the secret for one day (`YYYYMMDD`), region and service.
    public func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    private func scope(day: String) -> String { "\(day)/\(region)/\(service)/aws4_request" }

    private func signedHeaderList(_ request: Request) -> String {
        request.headers.keys.map { $0.lowercased() }.sorted().joined(separator: ";")
    }

    /// The query string as sent and as signed: pairs encoded, sorted by name then value.
    public static func canonicalQuery(_ query: [(name: String, value: String)], keepingSlashes: Bool = false)
        -> String
    {
        query.map { (name: encode($0.name), value: encode($0.value, keepingSlash: keepingSlashes)) }
            .sorted { $0.name != $1.name ? $0.name < $1.name : $0.value < $1.value }
            .map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// A path as sent and as signed: every byte but the unreserved ones and `/` percent-encoded.
    public static func encodePath(_ path: String) -> String { encode(path, keepingSlash: true) }

    /// Percent-encodes every byte except `A-Z a-z 0-9 - . _ ~` (and `/` when `keepingSlash`).
    public static func encode(_ text: String, keepingSlash: Bool = false) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlash:
                result.append("/")
            default:
                result += "%" + hexDigits(byte, uppercase: true)
            }
        }
        return result
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    public static func timestamp(_ date: Date) -> String {
        let time = CivilTime(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        let pad = CivilTime.pad
        return pad(time.year, 4) + pad(time.month, 2) + pad(time.day, 2) + "T" + pad(time.hour, 2)
            + pad(time.minute, 2) + pad(time.second, 2) + "Z"
    }

    /// Lowercase hex of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { hexDigits($0, uppercase: false) }.joined()
    }

    /// Lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: some DataProtocol) -> String { hex(Array(SHA256.hash(data: bytes))) }

    private static func hexDigits(_ byte: UInt8, uppercase: Bool) -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
    }

    /// Header values with leading and trailing space removed and inner runs of spaces collapsed.
    private static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
