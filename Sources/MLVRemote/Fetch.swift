import Foundation
import MLVObjects
import MLVRepository
import MLVStorage

/// Knobs of ``Repository/fetch(from:transport:options:)``.
public struct FetchOptions: Sendable {
    /// Partial clone: only file manifests and chunks under these paths are fetched (commits and
    /// trees always are); empty fetches everything. Defaults to the remote's `partial` setting.
    public var include: [String]?
    /// Parallel downloads.
    public var jobs = 2
    /// Keys per ``RemoteTransport/download(_:receive:progress:)`` call.
    public var batchSize = 1024
    /// Delete remote-tracking refs whose branch the remote no longer has (`--prune`).
    public var prune = false
    public var progress: any MLVRepository.Progress = SilentProgress()

    public init() {}
}

/// One remote-tracking ref or tag a fetch changed.
public struct FetchedRef: Sendable, Equatable {
    /// The remote's name for it (`refs/heads/main`).
    public var remote: String
    /// The local ref it updated (`refs/remotes/origin/main`, `refs/tags/v1`).
    public var local: String
    public var old: ObjectID?
    public var new: ObjectID
}

/// The outcome of a fetch.
public struct FetchResult: Sendable {
    public var location: String
    /// The refs as the remote listed them.
    public var remoteRefs: RemoteRefs
    /// Local refs that changed, sorted by name.
    public var updated: [FetchedRef] = []
    /// Remote-tracking refs deleted by ``FetchOptions/prune``, sorted.
    public var pruned: [String] = []
    /// Objects and bytes received.
    public var received = TransferProgress()
}

extension Repository {
    /// Fetches the remote's branches and tags (docs/PROTOCOL.md §3.3): list its refs, walk commits,
    /// then trees, then file manifests, then chunks from the new tips in rounds of downloads,
    /// skipping what is here, then set `refs/remotes/<name>/<branch>` and create missing tags.
    ///
    /// Chunks are committed batch by batch, so an interrupted fetch keeps them and the next one
    /// does not download them again. Commits, trees and manifests stay pending in one writer that
    /// is committed after the last chunk: an object here always has its whole closure (outside the
    /// paths a partial clone left out), which is what lets the walk stop at objects it has.
    public func fetch(from remote: Remote, transport: any RemoteTransport, options: FetchOptions) async throws
        -> FetchResult
    {
        let remoteRefs = try await transport.listRefs()
        var result = FetchResult(location: transport.location, remoteRefs: remoteRefs)
        var fetcher = ObjectFetcher(
            repository: self, transport: transport, jobs: options.jobs, batchSize: options.batchSize,
            include: options.include ?? remote.partial,
            monitor: TransferMonitor(progress: options.progress, phase: "Receiving objects"))
        defer { fetcher.monitor.done() }
        let tips = remoteRefs.refs.keys.sorted().compactMap { name -> ObjectID? in
            name.hasPrefix(RefName.headsPrefix) || name.hasPrefix(RefName.tagsPrefix) ? remoteRefs.refs[name] : nil
        }
        try await fetcher.fetchClosure(of: tips)
        result.received = fetcher.monitor.moved
        for name in remoteRefs.refs.keys.sorted() {
            guard let id = remoteRefs.refs[name] else { continue }
            if let tracking = remote.trackingRef(for: name) {
                let old = try refs.resolve(tracking).id
                guard old != id else { continue }
                try refs.update(tracking, to: id, expecting: .any, log: .remote("fetch: \(name)"))
                result.updated.append(FetchedRef(remote: name, local: tracking.rawValue, old: old, new: id))
            } else if name.hasPrefix(RefName.tagsPrefix), let tag = RefName(name), try refs.read(tag) == nil {
                try refs.update(tag, to: id, expecting: .absent, log: .remote("fetch: \(name)"))
                result.updated.append(FetchedRef(remote: name, local: name, old: nil, new: id))
            }
        }
        if options.prune {
            for ref in try refs.list(prefix: RefName.remotesPrefix + remote.name + "/") {
                let branch = ref.name.rawValue.dropFirst((RefName.remotesPrefix + remote.name + "/").count)
                guard remoteRefs.refs[RefName.headsPrefix + branch] == nil else { continue }
                try refs.delete(ref.name, expecting: .value(ref.id))
                result.pruned.append(ref.name.rawValue)
            }
        }
        return result
    }
}
