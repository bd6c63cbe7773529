import Foundation
import MLVRemote
import MLVRepository
import MLVStorage

/// Renders push and fetch results the way git does (`To <url>` then one line per ref), and as JSON.
enum TransferRenderer {
    static func human(_ result: PushResult) -> String {
        var text = "To \(result.location)\n"
        for ref in result.refs {
            let local = shortName(ref.local)
            let remote = shortName(ref.remote)
            switch ref.status {
            case .created:
                let kind = ref.remote.hasPrefix(RefName.tagsPrefix) ? "[new tag]" : "[new branch]"
                text += " * \(pad(kind)) \(local) -> \(remote)\n"
            case .fastForward:
                text += "   \(pad(range(ref, ".."))) \(local) -> \(remote)\n"
            case .forced:
                text += " + \(pad(range(ref, "..."))) \(local) -> \(remote) (forced update)\n"
            case .deleted:
                text += " - \(pad("[deleted]")) \(remote)\n"
            case .upToDate:
                text += " = \(pad("[up to date]")) \(local) -> \(remote)\n"
            }
        }
        return text
    }

    static func json(_ result: PushResult) -> [String: Any] {
        [
            "url": result.location,
            "objects_sent": result.sent.objects, "bytes_sent": result.sent.bytes, "objects_offered": result.offered,
            "refs": result.refs.map { ref in
                [
                    "local": ref.local, "remote": ref.remote, "status": ref.status.rawValue,
                    "old": ref.old?.description as Any, "new": ref.new?.description as Any,
                ]
            },
        ]
    }

    static func human(_ result: FetchResult, remoteName: String) -> String {
        guard !result.updated.isEmpty || !result.pruned.isEmpty else { return "" }
        var text = "From \(result.location)\n"
        for ref in result.updated {
            let remote = shortName(ref.remote)
            var local = shortName(ref.local)
            if ref.local.hasPrefix(RefName.remotesPrefix) {
                local = String(ref.local.dropFirst(RefName.remotesPrefix.count))
            }
            if let old = ref.old {
                text += "   \(pad("\(old.abbreviated)..\(ref.new.abbreviated)")) \(remote) -> \(local)\n"
            } else {
                let kind = ref.remote.hasPrefix(RefName.tagsPrefix) ? "[new tag]" : "[new branch]"
                text += " * \(pad(kind)) \(remote) -> \(local)\n"
            }
        }
        for ref in result.pruned {
            text += " - \(pad("[deleted]")) (none) -> \(ref.dropFirst(RefName.remotesPrefix.count))\n"
        }
        return text
    }

    static func json(_ result: FetchResult) -> [String: Any] {
        [
            "url": result.location,
            "objects_received": result.received.objects, "bytes_received": result.received.bytes,
            "pruned": result.pruned,
            "updated": result.updated.map { ref in
                [
                    "remote": ref.remote, "local": ref.local, "old": ref.old?.description as Any,
                    "new": ref.new.description,
                ]
            },
        ]
    }

    private static func range(_ ref: PushedRef, _ dots: String) -> String {
        "\(ref.old?.abbreviated ?? "")\(dots)\(ref.new?.abbreviated ?? "")"
    }

    private static func pad(_ text: String) -> String {
        text.count >= 17 ? text : text + String(repeating: " ", count: 17 - text.count)
    }

    private static func shortName(_ ref: String) -> String {
        RefName(ref)?.shortName ?? ref
    }
}

extension GlobalOptions {
    /// Transport settings for a configured remote (token from `MLV_TOKEN` when the config has none).
    func transportConfig(for remote: Remote?) -> RemoteTransportConfig {
        let environment = ProcessInfo.processInfo.environment
        if let remote {
            return RemoteTransportConfig(remote: remote, environment: environment, currentDirectory: currentDirectory)
        }
        return RemoteTransportConfig(
            token: environment["MLV_TOKEN"], environment: environment, currentDirectory: currentDirectory)
    }

    /// Parallel transfers: `--jobs`, else `remote.<name>.jobs`, else the transport's default.
    func jobs(_ option: Int?, remote: Remote) -> Int {
        option ?? remote.jobs ?? RemoteTransports.defaultJobs(for: remote.url)
    }
}
