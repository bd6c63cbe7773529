import Foundation
import MLVRepository
import MLVStorage

/// What restoring the data of `mlv.lock` did.
public struct RestoreResult: Sendable {
    /// The lock restored, nil when the worktree has none (nothing to do).
    public var lock: DataLock?
    /// The sync's counts, nil when there was no lock.
    public var sync: SyncResult?
}

extension GitWorkspace {
    /// Brings the tracked data, mlv's index and HEAD to what the worktree's `mlv.lock` names:
    /// on git branch B, mlv's branch B is set to the lock's commit and HEAD follows it; with a
    /// detached git HEAD, mlv's HEAD is detached too. Only files whose content differs are
    /// written (each by temp file + rename); tracked files the lock no longer has are removed
    /// when unmodified.
    ///
    /// - Throws: `.missingObjects` listing what the store lacks, before any file is touched;
    ///   `.lockOutOfDate` when local changes are in the way and `force` is false.
    public func restore(identity: Identity, force: Bool = false, reason: String) throws -> RestoreResult {
        guard let lock = try worktreeLock() else { return RestoreResult() }
        var missing = missingFiles(of: lock)
        if !missing.isEmpty,
            try MissingObjects.fetch(
                commits: missing.filter { $0.path == nil }.map(\.id),
                files: missing.compactMap { $0.path == nil ? nil : $0.id }, into: repository,
                environment: environment)
        {
            missing = missingFiles(of: lock)
        }
        if !missing.isEmpty {
            let names = missing.prefix(10).map { $0.path?.rawValue ?? "commit \($0.id.abbreviated)" }
            let more = missing.count > 10 ? " and \(missing.count - 10) more" : ""
            throw GitError(
                .missingObjects,
                "mlv.lock names data that is not in mlv's store (\(missing.count) missing): \(names.joined(separator: ", "))\(more)",
                hint: MissingObjects.advice)
        }
        let head: SyncHead = try git.currentBranch().flatMap(RefName.branch).map { .branch($0) } ?? .detached
        var options = SyncOptions(identity: identity, reason: reason)
        options.force = force
        do {
            let sync = try repository.sync(to: lock.commit, head: head, options: options)
            return RestoreResult(lock: lock, sync: sync)
        } catch let error as RepositoryError where error.code == .wouldOverwrite {
            throw GitError(
                .lockOutOfDate, "cannot restore the data of mlv.lock: \(error.message)",
                hint: "record them with 'mlv commit -a -m <message>', or run 'mlv git restore --force' to discard them",
                underlying: error)
        }
    }

    /// The lock's commit and files that the store lacks (a file also when one of its chunks is missing).
    func missingFiles(of lock: DataLock) -> [(path: RepoPath?, id: ObjectID)] {
        var missing: [(path: RepoPath?, id: ObjectID)] = []
        if !repository.objects.contains(lock.commit, kind: .commit) { missing.append((nil, lock.commit)) }
        for entry in lock.entries where !repository.missingObjects(ofFile: entry.id).isEmpty {
            missing.append((entry.path, entry.id))
        }
        return missing
    }
}
