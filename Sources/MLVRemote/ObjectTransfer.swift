import Foundation
import MLVObjects
import MLVRepository
import MLVStorage

/// A branch of the remote to move to a commit after ``Repository/pushObjects(of:to:transport:branches:options:)``.
public struct BranchUpdate: Sendable, Equatable {
    /// Full remote ref name (`refs/heads/main`).
    public var remoteRef: String
    public var commit: ObjectID

    public init(remoteRef: String, commit: ObjectID) {
        self.remoteRef = remoteRef
        self.commit = commit
    }
}

/// What ``Repository/pushObjects(of:to:transport:branches:options:)`` did.
public struct ObjectPushResult: Sendable {
    /// Objects and bytes uploaded.
    public var sent = TransferProgress()
    /// Remote refs moved (created or fast-forwarded).
    public var moved: [String] = []
    /// Remote refs left alone because the commit does not descend from their value.
    public var notFastForward: [String] = []
}

extension Repository {
    /// Uploads everything `commits` reach that the remote lacks, then moves each of `branches`
    /// by compare-and-swap when that is a creation or a fast-forward (other refs are left alone
    /// and reported). What git's pre-push hook needs: the data of the pushed `mlv.lock`s.
    ///
    /// - Throws: transport errors; `.staleRef` when a branch moved on the remote meanwhile.
    public func pushObjects(
        of commits: [ObjectID], to remote: Remote, transport: any RemoteTransport, branches: [BranchUpdate],
        options: PushOptions
    ) async throws -> ObjectPushResult {
        let remoteRefs = try await transport.listRefs()
        let listed = remoteRefs.refs.values.filter {
            objects.contains($0, kind: .commit) || objects.contains($0, kind: .tag)
        }
        var pushed = PushResult(location: transport.location)
        try await send(tips: commits, haves: Array(listed), transport: transport, options: options, into: &pushed)
        var result = ObjectPushResult(sent: pushed.sent)
        for update in branches {
            let old = remoteRefs.refs[update.remoteRef]
            if old == update.commit { continue }
            if let old {
                guard objects.contains(old, kind: .commit), try mergeBases(old, update.commit).contains(old) else {
                    result.notFastForward.append(update.remoteRef)
                    continue
                }
            }
            try await transport.updateRef(RemoteRefUpdate(name: update.remoteRef, expected: old, new: update.commit))
            result.moved.append(update.remoteRef)
            if let tracking = remote.trackingRef(for: update.remoteRef) {
                try refs.update(tracking, to: update.commit, expecting: .any, log: .remote("update by push"))
            }
        }
        return result
    }

    /// Downloads what this repository lacks of `commits` (their whole closure) and of `files`
    /// (manifests and chunks), from any transport, without touching refs: how a git checkout
    /// gets the data its `mlv.lock` or a filter pointer names. Returns what was received.
    public func fetchObjects(
        commits: [ObjectID], files: [ObjectID], transport: any RemoteTransport, options: FetchOptions
    ) async throws -> TransferProgress {
        var fetcher = ObjectFetcher(
            repository: self, transport: transport, jobs: options.jobs, batchSize: options.batchSize,
            include: [], monitor: TransferMonitor(progress: options.progress, phase: "Receiving objects"))
        defer { fetcher.monitor.done() }
        if !commits.isEmpty { try await fetcher.fetchClosure(of: commits) }
        let wanted = files.filter { !objects.contains($0, kind: .file) }
        if !wanted.isEmpty {
            let writer = try objects.makeWriter()
            try await fetcher.download(wanted.map { ObjectKey($0, .file) }, into: writer, commitEachBatch: false)
            try writer.commit()
        }
        try await fetcher.fetchChunks(of: files)
        return fetcher.monitor.moved
    }
}

/// Runs async remote work from synchronous code (git hooks and the filter process are
/// synchronous): the task runs on a dispatch queue of its own and the caller waits, which is
/// safe from any thread, including one of Swift's cooperative pool.
public enum RemoteBlocking {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = BlockingResult<T>()
        Task.detached(executorPreference: FetchQueueExecutor()) {
            do {
                outcome.finish(.success(try await body()))
            } catch {
                outcome.finish(.failure(error))
            }
        }
        return try outcome.wait().get()
    }
}

/// Carries a result of an async task to a thread that waits for it.
private final class BlockingResult<T: Sendable>: @unchecked Sendable {
    // Safety: `result` is written once before `done` is signalled and read after waiting on it.
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, any Error>?

    func finish(_ result: Result<T, any Error>) {
        self.result = result
        done.signal()
    }

    func wait() -> Result<T, any Error> {
        done.wait()
        // swift-format-ignore: NeverForceUnwrap
        // `finish` always runs before `done` is signalled.
        return result!
    }
}
