import Foundation
import MLVObjects
import MLVStorage

public enum ResetMode: Sendable {
    /// Move the branch only.
    case soft
    /// Move the branch and reset the index (the default).
    case mixed
    /// Move the branch and reset index and worktree, discarding local changes.
    case hard
}

extension Repository {
    /// Moves the current branch (or detached HEAD) to `target`, as `git reset`.
    public func reset(to target: String, mode: ResetMode, identity: Identity) throws -> ObjectID {
        let who = try identity.signature(for: self)
        return try withLock { lock in
            let head = try self.head()
            let id = try resolveCommit(target)
            switch mode {
            case .soft: lock.release()
            case .mixed:
                let old = try readIndex()
                var index = StagingIndex()
                for file in try files(ofTree: commit(id).tree) {
                    // Keep the stat cache of files whose content did not change.
                    if let entry = old[file.path], entry.id == file.id, entry.mode == file.mode {
                        index.set(entry)
                    } else {
                        index.set(StagingIndex.Entry(path: file.path, mode: file.mode, id: file.id, size: file.size))
                    }
                }
                index.treeID = try commit(id).tree
                try lock.commit(index)
            case .hard:
                _ = try moveWorktree(from: head.commitID, to: id, force: true, lock: lock, progress: SilentProgress())
            }
            if let old = head.commitID {
                try AtomicFile.write(Array("\(old)\n".utf8), to: layout.origHead, temporaryDirectory: layout.tmp)
            }
            let context = ReflogEntryContext(who: who, message: "reset: moving to \(target)")
            switch head {
            case .branch(let branch, let old):
                try refs.update(branch, to: id, expecting: old.map { .value($0) } ?? .absent, log: context)
            case .detached:
                try refs.setHead(.direct(id), log: context)
            }
            clearMergeState()
            return id
        }
    }

    /// Unstages `paths`: their index entries become those of HEAD (`reset -- <paths>`).
    public func resetPaths(_ paths: [RepoPath]) throws {
        try withLock { lock in
            var index = try readIndex()
            let headFiles = try fileMap(ofCommit: head().commitID)
            for path in paths {
                for entry in index.entries(within: path) where headFiles[entry.path] == nil { index.remove(entry.path) }
                for file in headFiles.values where file.path.isWithin(path) {
                    if let entry = index[file.path], entry.id == file.id, entry.mode == file.mode { continue }
                    index.set(StagingIndex.Entry(path: file.path, mode: file.mode, id: file.id, size: file.size))
                }
            }
            try lock.commit(index)
        }
    }
}
