import Foundation
import MLVRepository

extension S3Transport {
    /// The transport for an `s3://` URL as ``RemoteTransports/open(url:config:repository:)``
    /// opens it: endpoint and region from `config` (the remote's settings), other
    /// `remote.<name>.*` settings (credentials, `multipart-threshold`) from the repository's config,
    /// credentials and fallbacks from `config.environment`; pack indexes cached in the repository.
    public static func open(url: String, config: RemoteTransportConfig, repository: Repository?) throws -> S3Transport {
        var options = try S3Options.configured(
            url: url, remoteName: config.remoteName, environment: config.environment
        ) { name in
            switch name {
            case "endpoint" where config.endpoint != nil: return config.endpoint
            case "region" where config.region != nil: return config.region
            default:
                guard let remoteName = config.remoteName else { return nil }
                return repository?.config["remote.\(remoteName).\(name)"]
            }
        }
        options.jobs = RemoteTransports.defaultJobs(for: url)
        if let repository { options.cacheDirectory = cacheDirectory(for: url, options: options, in: repository.layout) }
        return S3Transport(options: options)
    }

    /// `.mlv/cache/s3/<hash>/`, one folder per endpoint and URL.
    static func cacheDirectory(for url: String, options: S3Options, in layout: RepositoryLayout) -> URL {
        let identity = "\(options.endpoint?.absoluteString ?? "aws:\(options.region)") \(url)"
        let hash = SignatureV4.sha256Hex(Array(identity.utf8)).prefix(16)
        return layout.mlv.appendingPathComponent("cache/s3/\(hash)")
    }
}
