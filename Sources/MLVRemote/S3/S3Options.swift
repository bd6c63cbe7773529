import Foundation
import MLVRepository

/// Where an S3 remote lives and how to reach it: the parsed `s3://bucket/prefix` URL plus the
/// endpoint, region, credentials and transfer knobs.
public struct S3Options: Sendable {
    /// The bucket name from the URL.
    public var bucket: String
    /// The key prefix from the URL without leading or trailing `/` (may be empty).
    public var prefix: String
    /// An explicit endpoint (`http://127.0.0.1:9000` for MinIO or moto); requests then use
    /// path-style addressing (`<endpoint>/<bucket>/<key>`). Nil means AWS:
    /// `https://<bucket>.s3.<region>.amazonaws.com/<key>`.
    public var endpoint: URL?
    public var region: String = "us-east-1"
    public var credentials: S3Credentials
    /// Packs larger than this are sent with a multipart upload.
    public var multipartThreshold: Int = 16 << 20
    /// The size of each multipart part but the last (S3 requires at least 5 MiB).
    public var partSize: Int = 8 << 20
    /// Requests run at once for multipart parts and ranged downloads.
    public var jobs: Int = 4
    /// Keys per ListObjectsV2 page (S3's maximum is 1000).
    public var listPageSize: Int = 1000
    /// Ranged downloads merge entries less than this many bytes apart.
    public var coalesceGap: Int = 1 << 20
    /// A ranged download covers at most this many bytes (unless one entry is larger).
    public var maxRangeSize: Int = 8 << 20
    /// Where downloaded pack indexes are kept between runs (`.mlv/cache/s3/<hash>/`); nil keeps
    /// them in memory only.
    public var cacheDirectory: URL?
    /// Seconds before a request without progress fails.
    public var timeout: TimeInterval = 120
    /// Sends and signs `/` in query values unencoded from the first request, for servers that
    /// check signatures against the decoded query (moto_server). Without it the client finds out
    /// by itself after one `SignatureDoesNotMatch` (see `S3Client.send`); AWS and MinIO need false.
    public var signsQuerySlashesUnencoded = false

    public init(bucket: String, prefix: String, credentials: S3Credentials) {
        self.bucket = bucket
        self.prefix = prefix
        self.credentials = credentials
    }

    /// Parses `s3://bucket[/prefix]`.
    ///
    /// - Throws: ``RemoteError`` `.badRemote` when the URL has another scheme or no bucket.
    public static func parse(url: String) throws -> (bucket: String, prefix: String) {
        guard url.hasPrefix("s3://") else {
            throw RemoteError(.badRemote, "'\(url)' is not an s3:// URL")
        }
        let rest = url.dropFirst("s3://".count)
        let bucket = rest.prefix { $0 != "/" }
        let prefix = rest.dropFirst(bucket.count).split(separator: "/").joined(separator: "/")
        guard !bucket.isEmpty,
            bucket.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") })
        else {
            throw RemoteError(
                .badRemote, "'\(url)' does not name a valid bucket",
                hint: "write s3://<bucket>/<prefix>; bucket names use a-z, 0-9, '-' and '.'")
        }
        guard !prefix.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) else {
            throw RemoteError(.badRemote, "'\(url)' has '.' or '..' in its prefix")
        }
        return (String(bucket), prefix)
    }

    /// Options for `url` from a repository's config (`remote.<name>.endpoint`, `.region`,
    /// `.access-key-id`, `.secret-access-key`, `.session-token`, `.multipart-threshold`) and the
    /// caller's environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
    /// `AWS_ENDPOINT_URL_S3`/`AWS_ENDPOINT_URL`, `AWS_REGION`/`AWS_DEFAULT_REGION`). Config wins
    /// over the environment for the endpoint and region; the environment wins for credentials,
    /// as the AWS tools do.
    ///
    /// - Parameters:
    ///   - remoteName: the remote's name in config, or nil for a bare URL (`mlv clone s3://…`).
    ///   - environment: the variables to read; the library never reads the process environment.
    /// - Throws: ``RemoteError`` `.badRemote` for a bad URL, endpoint or number; `.unauthorized`
    ///   when no credentials are found.
    public static func configured(
        url: String, remoteName: String?, config: Config, environment: [String: String]
    ) throws -> S3Options {
        try configured(url: url, remoteName: remoteName, environment: environment) { name in
            guard let remoteName else { return nil }
            return config["remote.\(remoteName).\(name)"]
        }
    }

    /// Options for `url` from `lookup` (a `remote.<name>.` setting by its last part, such as
    /// `endpoint`) and `environment`, with the precedence of
    /// ``configured(url:remoteName:config:environment:)``.
    public static func configured(
        url: String, remoteName: String?, environment: [String: String], lookup: (String) -> String?
    ) throws -> S3Options {
        let (bucket, prefix) = try parse(url: url)
        func setting(_ name: String) -> String? {
            guard let value = lookup(name), !value.isEmpty else { return nil }
            return value
        }
        func variable(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        let keyID = variable("AWS_ACCESS_KEY_ID") ?? setting("access-key-id")
        let secret = variable("AWS_SECRET_ACCESS_KEY") ?? setting("secret-access-key")
        guard let keyID, let secret else {
            throw RemoteError(
                .unauthorized, "no S3 credentials for \(url)",
                hint: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or remote.<name>.access-key-id and "
                    + "remote.<name>.secret-access-key")
        }
        let token = variable("AWS_ACCESS_KEY_ID") != nil ? variable("AWS_SESSION_TOKEN") : setting("session-token")
        var options = S3Options(
            bucket: bucket, prefix: prefix,
            credentials: S3Credentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token))
        if let region = setting("region") ?? variable("AWS_REGION") ?? variable("AWS_DEFAULT_REGION") {
            options.region = region
        }
        if let endpoint = setting("endpoint") ?? variable("AWS_ENDPOINT_URL_S3") ?? variable("AWS_ENDPOINT_URL") {
            guard let parsed = URL(string: endpoint), let scheme = parsed.scheme, scheme == "http" || scheme == "https",
                parsed.host != nil
            else {
                throw RemoteError(.badRemote, "endpoint '\(endpoint)' for \(url) is not an http(s) URL")
            }
            options.endpoint = parsed
        }
        if let threshold = setting("multipart-threshold") {
            guard let value = Int(threshold), value > 0 else {
                throw RemoteError(
                    .badRemote, "remote.\(remoteName ?? "").multipart-threshold '\(threshold)' is not a positive number"
                )
            }
            options.multipartThreshold = value
        }
        return options
    }

    /// The bucket key of `name` under the prefix (`<prefix>/<name>`).
    func key(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix)/\(name)" }
}
