import Foundation
import MLVRepository

/// Finds the transport for a remote URL. Engineer R owns this file on branch `remotes`; this
/// minimal version (S3 only) exists until that one is merged, and the S3 case is one line there.
public enum RemoteTransports {
    /// The transport for `url`.
    ///
    /// - Parameters:
    ///   - remoteName: the remote's name in config (nil for a bare URL), for per-remote settings.
    ///   - environment: variables the transports may read (credentials); never the process's own.
    ///   - repository: the local repository, for caches under `.mlv/cache/`.
    /// - Throws: ``RemoteError`` `.badRemote` when no transport understands `url`.
    public static func open(
        url: String, config: Config, remoteName: String? = nil, environment: [String: String] = [:],
        repository: RepositoryLayout? = nil
    ) throws -> any RemoteTransport {
        if url.hasPrefix("s3://") {
            return try S3Transport.configured(
                url: url, remoteName: remoteName, config: config, environment: environment, repository: repository)
        }
        throw RemoteError(.badRemote, "no transport understands '\(url)'")
    }
}
