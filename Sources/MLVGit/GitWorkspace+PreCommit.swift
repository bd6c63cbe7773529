import Foundation
import MLVRepository
import MLVStorage

/// What pre-commit found.
public struct PreCommitResult: Sendable {
    /// Tracked files that differed from `mlv.lock`.
    public var changed: [RepoPath] = []
    /// The mlv commit made (autocommit), if any.
    public var committed: ObjectID?
    /// Whether `mlv.lock` was staged in git.
    public var stagedLock = false
}

extension GitWorkspace {
    /// The pre-commit check: the tracked data must equal what the staged `mlv.lock` names.
    /// With `autocommit` (`git.autocommit` in mlv's config), changed data is committed to mlv
    /// and the new lock staged; otherwise a difference throws `.lockOutOfDate` naming the files.
    public func preCommit(identity: Identity, autocommit: Bool) throws -> PreCommitResult {
        var result = PreCommitResult()
        guard repository.attributes().hasTrackPatterns else { return result }
        let worktree = try worktreeLock()
        result.changed = try changedPaths(since: worktree)
        let staged = try stagedLock()
        let lockUnstaged = worktree != nil && worktree != staged
        if result.changed.isEmpty && !lockUnstaged { return result }
        guard autocommit else {
            if result.changed.isEmpty {
                throw GitError(
                    .lockOutOfDate, "mlv.lock has changes that are not staged for this commit",
                    hint: "run 'git add mlv.lock'")
            }
            let names = result.changed.prefix(10).map(\.rawValue).joined(separator: ", ")
            let more = result.changed.count > 10 ? " and \(result.changed.count - 10) more" : ""
            throw GitError(
                .lockOutOfDate, "tracked data differs from mlv.lock: \(names)\(more)",
                hint:
                    "run 'mlv commit -a -m <message>' (it updates mlv.lock; 'mlv git lock' when mlv's HEAD already has this data), then 'git add mlv.lock'; or set 'mlv config git.autocommit true'"
            )
        }
        if !result.changed.isEmpty {
            _ = try repository.add(AddOptions(paths: [.root]))
            var options = CommitOptions(message: "Record tracked data (git pre-commit)", identity: identity)
            options.all = true
            do {
                result.committed = try repository.commit(options).id
            } catch let error as RepositoryError where error.code == .nothingToCommit {
                // The data equals mlv's HEAD already; only the lock was behind.
            }
        }
        try writeLock()
        try git.run(["add", "--", DataLock.fileName])
        result.stagedLock = true
        return result
    }

    /// The `mlv.lock` in git's index (the one being committed), or nil when none is staged.
    func stagedLock() throws -> DataLock? {
        let output = try git.runAllowingFailure(["cat-file", "blob", ":\(DataLock.fileName)"])
        guard output.status == 0 else { return nil }
        return try DataLock(parsing: output.text, source: ":\(DataLock.fileName)")
    }
}
