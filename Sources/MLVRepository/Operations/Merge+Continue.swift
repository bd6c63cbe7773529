import Foundation
import MLVObjects
import MLVStorage

/// A merge that stopped (for conflicts, or interrupted): what `.mlv/` records about it.
public struct PendingMerge: Sendable {
    /// `MERGE_HEAD`: the commit being merged; nil when the merge was interrupted before writing it.
    public var theirs: ObjectID?
    /// `MERGE_MSG`: the message the merge commit gets by default.
    public var message: String?
    /// `MERGE_STATE`: the paths the merge changed and its helper files.
    public var state: MergeState?
}

public struct MergeAbortResult: Sendable {
    /// Paths restored to HEAD's version (written or removed).
    public var restored: [RepoPath] = []
    /// Helper files (`.theirs`, `.base`) removed.
    public var removedHelpers: [RepoPath] = []
    /// Helper files left in place because they were changed after the merge wrote them.
    public var keptHelpers: [RepoPath] = []
}

extension Repository {
    /// The merge in progress or interrupted, or nil when there is none.
    public func pendingMerge() throws -> PendingMerge? {
        let head = try? String(contentsOf: layout.mergeHead, encoding: .utf8)
        let state = try readMergeState()
        guard head != nil || state != nil else { return nil }
        let message = try? String(contentsOf: layout.mergeMessage, encoding: .utf8)
        return PendingMerge(
            theirs: head.flatMap { ObjectID(hex: $0.trimmingCharacters(in: .whitespacesAndNewlines)) },
            message: message, state: state)
    }

    func readMergeState() throws -> MergeState? {
        guard let data = FileManager.default.contents(atPath: layout.mergeState.path) else { return nil }
        return try MergeState(decoding: [UInt8](data), path: layout.mergeState.path)
    }

    /// Commits a merge whose conflicts are all resolved (`merge --continue`): two parents, HEAD
    /// and `MERGE_HEAD`, and `MERGE_MSG` unless `message` is given.
    public func continueMerge(message: String?, identity: Identity) throws -> CommitResult {
        guard let pending = try pendingMerge(), pending.theirs != nil else {
            throw RepositoryError(
                .noMergeInProgress, "there is no merge in progress ('\(layout.mergeHead.path)' is missing)")
        }
        let conflicted = try readIndex().conflictedPaths
        guard conflicted.isEmpty else {
            throw RepositoryError(
                .unmergedPaths,
                "cannot continue the merge: unresolved conflicts in \(conflicted.map(\.rawValue).joined(separator: ", "))",
                hint: "fix them, 'mlv add' them, then run 'mlv merge --continue'")
        }
        let text = message ?? pending.message ?? ""
        return try commit(CommitOptions(message: text.isEmpty ? "Merge commit\n" : text, identity: identity))
    }

    /// Gives up a merge (`merge --abort`): every path the merge changed gets HEAD's version back
    /// in the worktree, the index becomes HEAD's tree, unchanged helper files are removed and the
    /// merge state is cleared. Files the merge did not touch keep their local changes.
    public func abortMerge() throws -> MergeAbortResult {
        try withLock { lock in
            guard let pending = try pendingMerge() else {
                throw RepositoryError(
                    .noMergeInProgress, "there is no merge to abort ('\(layout.mergeHead.path)' is missing)")
            }
            var result = MergeAbortResult()
            let index = try readIndex()
            let headID = try head().commitID
            let headFiles = try fileMap(ofCommit: headID)
            var touched = Set(pending.state?.records.map(\.path) ?? [])
            if pending.state == nil {
                // No record of what the merge changed: every path where the index differs from HEAD.
                touched = Set(index.conflictedPaths)
                for entry in index.entries
                where entry.stage == 0 && !TreeMerge.same(headFiles[entry.path], treeFile(entry)) {
                    touched.insert(entry.path)
                }
                for path in headFiles.keys where index[path] == nil { touched.insert(path) }
            }
            let materializer = FileMaterializer(repository: self)
            let hasher = FileStorer(repository: self, writer: nil)
            for helper in pending.state?.records.flatMap(\.helpers) ?? [] {
                guard let stat = FileStat.of(layout.worktreeURL(helper.path).path) else { continue }
                if stat.kind == .file, (try? hasher.store(helper.path, expected: stat).id) == helper.id {
                    try materializer.remove(helper.path)
                    result.removedHelpers.append(helper.path)
                } else {
                    result.keptHelpers.append(helper.path)
                }
            }
            var kept: [RepoPath: FileStat] = [:]
            var writes: [TreeFile] = []
            for path in touched.sorted() {
                let stat = FileStat.of(layout.worktreeURL(path).path)
                guard let file = headFiles[path] else {
                    if stat != nil { try materializer.remove(path) }
                    result.restored.append(path)
                    continue
                }
                if let stat, stat.kind == .file || stat.kind == .symlink,
                    (try? hasher.store(path, expected: stat).id) == file.id, Self.mode(of: stat) == file.mode
                {
                    kept[path] = stat
                } else {
                    writes.append(file)
                }
            }
            for (file, stat) in try writeFiles(writes, progress: SilentProgress()) {
                kept[file.path] = stat
                result.restored.append(file.path)
            }
            var restored = StagingIndex()
            for file in headFiles.values {
                if let stat = kept[file.path] {
                    restored.set(
                        StagingIndex.Entry(path: file.path, mode: file.mode, id: file.id, size: file.size, stat: stat))
                } else if !touched.contains(file.path), let entry = index[file.path],
                    TreeMerge.same(treeFile(entry), file)
                {
                    restored.set(entry)
                } else {
                    restored.set(StagingIndex.Entry(path: file.path, mode: file.mode, id: file.id, size: file.size))
                }
            }
            restored.treeID = try headID.map { try commit($0).tree }
            try lock.commit(restored)
            clearMergeState()
            result.restored.sort()
            return result
        }
    }

    /// After `add` or `rm` resolved conflicts: removes the helper files of resolved paths while
    /// they still hold what the merge wrote (a helper the user changed is left alone), and drops
    /// them from `MERGE_STATE`. Returns the helper files removed.
    @discardableResult
    func settleMergeHelpers(resolvedIn index: StagingIndex) throws -> [RepoPath] {
        guard var state = try readMergeState() else { return [] }
        let conflicted = Set(index.conflictedPaths)
        let hasher = FileStorer(repository: self, writer: nil)
        var removed: [RepoPath] = []
        var changed = false
        for position in state.records.indices {
            let record = state.records[position]
            guard !record.helpers.isEmpty, !conflicted.contains(record.path) else { continue }
            for helper in record.helpers {
                guard let stat = FileStat.of(layout.worktreeURL(helper.path).path), stat.kind == .file,
                    (try? hasher.store(helper.path, expected: stat).id) == helper.id
                else { continue }
                try FileMaterializer(repository: self).remove(helper.path)
                removed.append(helper.path)
            }
            state.records[position].theirsHelper = nil
            state.records[position].baseHelper = nil
            changed = true
        }
        if changed { try writeMergeFile(state.encoded(), to: layout.mergeState) }
        return removed
    }

    private func treeFile(_ entry: StagingIndex.Entry) -> TreeFile {
        TreeFile(path: entry.path, mode: entry.mode, id: entry.id, size: entry.size)
    }

    static func mode(of stat: FileStat) -> Tree.Mode {
        stat.kind == .symlink ? .symlink : (stat.isExecutable ? .executable : .file)
    }
}
