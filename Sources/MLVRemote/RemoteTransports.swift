import Foundation
import MLVRepository

/// What opening a transport may need besides the URL: the `remote.<name>.*` settings and the
/// environment (read by the CLI and passed down; libraries never read it themselves).
public struct RemoteTransportConfig: Sendable {
    /// The remote's name, for messages; nil for a bare URL (`mlv clone <url>`).
    public var remoteName: String?
    /// The bearer token for `mlv serve`: `remote.<name>.token`, else `MLV_TOKEN`.
    public var token: String?
    /// The S3 endpoint (`remote.<name>.endpoint`); AWS when nil.
    public var endpoint: String?
    /// The S3 region (`remote.<name>.region`).
    public var region: String?
    /// The process environment (`MLV_TOKEN`, `AWS_ACCESS_KEY_ID`, …).
    public var environment: [String: String]
    /// Relative folder URLs are resolved against this folder.
    public var currentDirectory: URL

    public init(
        remoteName: String? = nil, token: String? = nil, endpoint: String? = nil, region: String? = nil,
        environment: [String: String] = [:], currentDirectory: URL
    ) {
        self.remoteName = remoteName
        self.token = token
        self.endpoint = endpoint
        self.region = region
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// The settings of a configured remote; the token falls back to `MLV_TOKEN`.
    public init(remote: Remote, environment: [String: String] = [:], currentDirectory: URL) {
        self.init(
            remoteName: remote.name, token: remote.token ?? environment["MLV_TOKEN"], endpoint: remote.endpoint,
            region: remote.region, environment: environment, currentDirectory: currentDirectory)
    }
}

/// Finds the transport for a URL: the one place that maps schemes to transports.
public enum RemoteTransports {
    /// Opens the transport for `url`.
    ///
    /// - Parameter repository: the local repository, when there is one (a transport may keep
    ///   caches in it); nil during the first steps of a clone.
    /// - Throws: `.badRemote` for a URL no transport understands or a folder that is not an mlv
    ///   repository.
    public static func open(
        url: String, config: RemoteTransportConfig, repository: Repository? = nil
    ) throws -> any RemoteTransport {
        switch try RemoteURL(parsing: url, relativeTo: config.currentDirectory) {
        case .folder(let folder):
            return try FolderTransport(root: folder, location: url)
        case .http(let http):
            return HTTPTransport(url: http, token: config.token, location: url)
        case .s3:
            return try S3Transport.open(url: url, config: config, repository: repository)
        }
    }

    /// The default number of parallel transfers for a URL's transport (`--jobs` overrides it).
    public static func defaultJobs(for url: String) -> Int {
        switch try? RemoteURL(parsing: url, relativeTo: URL(fileURLWithPath: "/")) {
        case .http: 4
        case .s3: 8
        default: 2
        }
    }
}
