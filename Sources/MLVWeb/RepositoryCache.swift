import Foundation
import MLVRepository

/// Open repositories kept between requests: opening maps every pack index, which a page should
/// not pay each time. Each use rescans the pack folder (``ObjectDatabase/reload()`` maps only
/// new packs), so pushes are seen at once; refs are read from disk on every request anyway.
final class RepositoryCache: @unchecked Sendable {
    // Safety: `lock` guards `open`.
    private let lock = NSLock()
    private var open: [String: Repository] = [:]
    static let capacity = 32

    /// The repository at `url` (already checked to lie inside the root).
    func repository(at url: URL) throws -> Repository {
        if let cached = lock.withLock({ open[url.path] }) {
            try cached.objects.reload()
            return cached
        }
        let repository = try Repository(root: url)
        lock.withLock {
            if open.count >= RepositoryCache.capacity { open.removeAll() }
            open[url.path] = repository
        }
        return repository
    }
}
