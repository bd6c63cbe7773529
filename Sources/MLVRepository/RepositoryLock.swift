import Foundation
import MLVStorage

/// The lock every writing operation holds: `.mlv/index.lock`, as git's index lock.
///
/// While held, no other mlv process changes the index, worktree or refs through an operation;
/// a second process fails at once with a message naming the holder (or a stale lock's fix).
final class RepositoryLock {
    let lock: LockFile
    let repository: Repository

    init(_ repository: Repository) throws {
        self.repository = repository
        self.lock = try RepositoryLock.acquire(repository.layout.index)
    }

    private static func acquire(_ index: URL) throws -> LockFile {
        do {
            return try LockFile(acquiring: index)
        } catch {
            throw RepositoryError(
                .io, error.message, hint: error.hint ?? "wait for the other mlv command to finish", underlying: error)
        }
    }

    /// Writes the new index through the lock (fsync + rename), releasing it.
    func commit(_ index: StagingIndex) throws {
        try lock.commit(contents: index.encoded())
    }

    func release() { lock.release() }

    deinit { lock.release() }
}

extension Repository {
    /// The current staging index (empty when none was written yet).
    public func readIndex() throws -> StagingIndex {
        guard let data = FileManager.default.contents(atPath: layout.index.path) else { return StagingIndex() }
        var index = try StagingIndex(decoding: [UInt8](data), path: layout.index.path)
        if let stat = FileStat.of(layout.index.path) { index.writtenAt = stat.mtimeNanoseconds }
        return index
    }

    /// Runs `body` holding the repository lock.
    func withLock<T>(_ body: (RepositoryLock) throws -> T) throws -> T {
        let lock = try RepositoryLock(self)
        defer { lock.release() }
        return try body(lock)
    }
}
