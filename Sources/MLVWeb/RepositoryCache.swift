import Foundation
import MLVRepository

/// Open repositories kept between requests: opening maps every pack index, which a page should
/// not pay each time. When the pack folder changed since the last use (its modification time
/// moves whenever a pack is installed or removed), ``ObjectDatabase/reload()`` maps the new
/// packs, so pushes are seen at once; refs are read from disk on every request anyway.
final class RepositoryCache: @unchecked Sendable {
    // Safety: `lock` guards `open`.
    private let lock = NSLock()
    private var open: [String: (repository: Repository, packsChanged: PackStamp?)] = [:]
    static let capacity = 32

    /// The repository at `url` (already checked to lie inside the root).
    func repository(at url: URL) throws -> Repository {
        if let cached = lock.withLock({ open[url.path] }) {
            let changed = Self.packsChanged(cached.repository)
            if changed == nil || changed != cached.packsChanged {
                try cached.repository.objects.reload()
                lock.withLock { open[url.path] = (cached.repository, changed) }
            }
            return cached.repository
        }
        let repository = try Repository(root: url)
        let changed = Self.packsChanged(repository)
        lock.withLock {
            if open.count >= RepositoryCache.capacity { open.removeAll() }
            open[url.path] = (repository, changed)
        }
        return repository
    }

    /// The pack folder's modification and status-change times; nil when it cannot be read
    /// (then every use reloads).
    private static func packsChanged(_ repository: Repository) -> PackStamp? {
        guard let stat = FileStat.of(repository.objects.packDirectory.path) else { return nil }
        return PackStamp(modified: stat.mtimeNanoseconds, changed: stat.ctimeNanoseconds)
    }

    struct PackStamp: Equatable {
        var modified: Int64
        var changed: Int64
    }
}
