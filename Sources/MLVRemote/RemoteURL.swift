import Foundation

/// Where a remote lives, parsed from what the user wrote (docs/PROTOCOL.md §2).
///
/// - `/abs/path`, `relative/path`, `~/path`, `file:///abs/path`: a folder holding an mlv repository.
/// - `http://host[:port]/repo`, `https://…`: a repository served by `mlv serve`.
/// - `s3://bucket[/prefix]`: an S3-compatible bucket (endpoint and region from the remote's config).
public enum RemoteURL: Sendable, Equatable, CustomStringConvertible {
    case folder(URL)
    case http(URL)
    case s3(bucket: String, prefix: String)

    /// Parses `text`; relative folder paths are taken from `base` (the current folder).
    ///
    /// - Throws: `.badRemote` naming the text for an empty string, an unknown scheme, a URL without
    ///   a host or bucket.
    public init(parsing text: String, relativeTo base: URL) throws {
        guard !text.isEmpty else { throw RemoteError(.badRemote, "empty remote url") }
        if let schemeEnd = text.range(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            let rest = String(text[schemeEnd.upperBound...])
            switch scheme {
            case "file":
                guard rest.hasPrefix("/") else {
                    throw RemoteError(.badRemote, "file url '\(text)' must name an absolute path (file:///path)")
                }
                let path = rest.removingPercentEncoding ?? rest
                self = .folder(URL(fileURLWithPath: path).standardizedFileURL)
            case "http", "https":
                guard let url = URL(string: text), let host = url.host, !host.isEmpty else {
                    throw RemoteError(.badRemote, "'\(text)' is not a valid \(scheme) url")
                }
                self = .http(url)
            case "s3":
                let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                let bucket = parts.first.map(String.init) ?? ""
                guard RemoteURL.isValidBucket(bucket) else {
                    throw RemoteError(.badRemote, "'\(text)' does not name a valid bucket (s3://bucket/prefix)")
                }
                var prefix = parts.count > 1 ? String(parts[1]) : ""
                while prefix.hasSuffix("/") { prefix.removeLast() }
                guard !prefix.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." })
                else {
                    throw RemoteError(.badRemote, "s3 prefix in '\(text)' may not contain '..'")
                }
                self = .s3(bucket: bucket, prefix: prefix)
            default:
                throw RemoteError(
                    .badRemote, "unknown remote url scheme '\(scheme)' in '\(text)'",
                    hint: "use a path, file://, http(s):// or s3://")
            }
            return
        }
        if text.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            self = .folder(
                URL(fileURLWithPath: home).appendingPathComponent(String(text.dropFirst(2))).standardizedFileURL)
        } else if text.hasPrefix("/") {
            self = .folder(URL(fileURLWithPath: text).standardizedFileURL)
        } else {
            self = .folder(base.appendingPathComponent(text).standardizedFileURL)
        }
    }

    /// The transport's short name: `folder`, `http` or `s3`.
    public var scheme: String {
        switch self {
        case .folder: "folder"
        case .http: "http"
        case .s3: "s3"
        }
    }

    public var description: String {
        switch self {
        case .folder(let url): url.path
        case .http(let url): url.absoluteString
        case .s3(let bucket, let prefix): prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix)"
        }
    }

    /// S3's bucket naming rules, loosely: 3–63 lowercase letters, digits, dots and hyphens.
    static func isValidBucket(_ name: String) -> Bool {
        (3...63).contains(name.count)
            && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }
    }
}
