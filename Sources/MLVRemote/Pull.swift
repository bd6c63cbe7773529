import Foundation
import MLVRepository
import MLVStorage

/// The outcome of a pull: the fetch, then the merge of the upstream branch.
public struct PullResult: Sendable {
    public var fetch: FetchResult
    /// The remote-tracking ref merged (`refs/remotes/origin/main`).
    public var merged: String
    public var merge: MergeResult
}

extension Repository {
    /// The upstream of the current branch: `branch.<name>.remote` and `.merge`, else the remote
    /// `origin` (or the only remote) and the branch of the same name.
    ///
    /// - Throws: `.invalidArgument` on a detached HEAD; `.badRemote` when no remote fits.
    public func upstream() throws -> (remote: Remote, branch: String, remoteRef: String) {
        guard case .branch(let branch, _) = try head() else {
            throw RemoteError(.invalidArgument, "HEAD is detached; name the remote and branch")
        }
        let name = branch.shortName
        if let remoteName = config["branch.\(name).remote"] {
            let merge = config["branch.\(name).merge"] ?? branch.rawValue
            return (try remote(named: remoteName), name, merge)
        }
        let all = remotes()
        guard let remote = all.first(where: { $0.name == "origin" }) ?? (all.count == 1 ? all.first : nil) else {
            throw RemoteError(
                .badRemote, "no upstream configured for branch '\(name)'",
                hint: "push with 'mlv push -u <remote> \(name)' or add a remote named origin")
        }
        return (remote, name, branch.rawValue)
    }

    /// Fetches from `remote`, then merges its branch `remoteRef` into HEAD (fast-forward when
    /// possible), with ``merge(_:options:)``.
    public func pull(
        from remote: Remote, remoteRef: String, transport: any RemoteTransport, fetchOptions: FetchOptions,
        mergeOptions: MergeOptions
    ) async throws -> PullResult {
        let fetched = try await fetch(from: remote, transport: transport, options: fetchOptions)
        guard let tracking = remote.trackingRef(for: remoteRef), fetched.remoteRefs.refs[remoteRef] != nil else {
            throw RemoteError(.badRemote, "couldn't find remote ref \(remoteRef) in \(transport.location)")
        }
        let merge = try merge(tracking.rawValue, options: mergeOptions)
        return PullResult(fetch: fetched, merged: tracking.rawValue, merge: merge)
    }
}
