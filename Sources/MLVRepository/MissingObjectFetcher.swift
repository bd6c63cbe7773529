import Foundation
import MLVStorage
import Synchronization

/// Fetches objects a partial clone left out, when an operation needs them (docs/PROTOCOL.md §6).
///
/// A repository cloned with `--include` holds every commit and tree but only the file manifests
/// and chunks under the included paths. When checkout, cat or diff reads a manifest that is not
/// here, ``Repository/manifest(_:)`` asks the fetcher installed with
/// ``Repository/setMissingObjectFetcher(_:)`` for it and for its chunks, then reads again.
/// MLVRemote installs one built from the partial clone's remote; MLVRepository knows no transport.
public protocol MissingObjectFetcher: Sendable {
    /// Stores `keys` (all of the same file: the manifest and/or its chunks) in `repository`, made
    /// visible to `repository.objects` before returning.
    ///
    /// - Throws: when the remote cannot provide them; the caller reports its missing object then.
    func fetch(_ keys: [ObjectKey], into repository: Repository) throws
}

/// The fetcher slot of a repository: set once by the layer that knows the remotes.
final class MissingObjectFetcherSlot: Sendable {
    private let fetcher = Mutex<(any MissingObjectFetcher)?>(nil)

    var current: (any MissingObjectFetcher)? { fetcher.withLock { $0 } }

    func set(_ value: (any MissingObjectFetcher)?) { fetcher.withLock { $0 = value } }
}

extension Repository {
    /// Installs (or with nil removes) the fetcher that brings in objects a partial clone left out.
    public func setMissingObjectFetcher(_ fetcher: (any MissingObjectFetcher)?) {
        missingObjectFetcher.set(fetcher)
    }

    /// Reads a manifest, first fetching it and any of its chunks that are missing when a fetcher
    /// is installed (partial clones); without one, a missing manifest is `.missingObject`.
    func manifestFetchingMissing(_ id: ObjectID) throws -> [UInt8] {
        guard let fetcher = missingObjectFetcher.current else { return try objects.read(id, kind: .file) }
        if !objects.contains(id, kind: .file) {
            try fetcher.fetch([ObjectKey(id, .file)], into: self)
        }
        let bytes = try objects.read(id, kind: .file)
        return bytes
    }

    /// Fetches the chunks of `manifest` this repository lacks, when a fetcher is installed.
    func fetchMissingChunks(of chunkIDs: [ObjectID]) throws {
        guard let fetcher = missingObjectFetcher.current else { return }
        var seen = Set<ObjectID>()
        let lacking = chunkIDs.filter { seen.insert($0).inserted && !objects.contains($0, kind: .chunk) }
        guard !lacking.isEmpty else { return }
        try fetcher.fetch(lacking.map { ObjectKey($0, .chunk) }, into: self)
    }
}
