import Foundation
import MLVRepository
import MLVStorage

/// Fetches the objects a partial clone left out from its remote when an operation needs them
/// (docs/PROTOCOL.md §6); installed by ``Repository/enableOnDemandFetch(config:)``.
///
/// The repository calls it synchronously, often from a thread of Swift's cooperative pool; it
/// runs the transport's async download on a task bound to a dispatch queue of its own
/// (``FetchQueueExecutor``) and waits. Blocking is safe then even with a one-thread pool, since
/// the download never needs a pool thread. The objects are committed before it returns.
public struct PartialCloneFetcher: MissingObjectFetcher {
    let transport: any RemoteTransport

    public init(transport: any RemoteTransport) {
        self.transport = transport
    }

    public func fetch(_ keys: [ObjectKey], into repository: Repository) throws {
        let transport = self.transport
        try RemoteBlocking.run {
            let writer = try repository.objects.makeWriter()
            do {
                try await transport.download(
                    keys, receive: { object in try writer.putStored(object, source: transport.location) },
                    progress: { _ in })
                try writer.commit()
            } catch {
                writer.abort()
                throw error
            }
        }
    }
}

/// Runs task jobs on a private serial dispatch queue instead of the cooperative pool.
final class FetchQueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "mlv.partial-clone-fetch")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = unsafe asUnownedTaskExecutor()
        queue.async { unsafe job.runSynchronously(on: executor) }
    }
}

extension Repository {
    /// In a partial clone, installs a ``PartialCloneFetcher`` for the remote the clone came from;
    /// returns whether it did (false for a full clone).
    @discardableResult
    public func enableOnDemandFetch(config: RemoteTransportConfig) throws -> Bool {
        guard let remote = remotes().first(where: { !$0.partial.isEmpty }) else { return false }
        var config = config
        config.remoteName = remote.name
        config.token = config.token ?? remote.token
        config.endpoint = remote.endpoint
        config.region = remote.region
        let transport = try RemoteTransports.open(url: remote.url, config: config, repository: self)
        setMissingObjectFetcher(PartialCloneFetcher(transport: transport))
        return true
    }
}
