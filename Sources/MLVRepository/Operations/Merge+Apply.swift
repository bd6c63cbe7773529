import Foundation
import MLVObjects
import MLVStorage

extension Repository {
    /// Carries out a planned three-way merge, in the order that keeps a crash harmless
    /// (docs/FORMAT.md §13.3):
    ///
    /// 1. objects: merged contents, and for a clean merge its trees and commit;
    /// 2. `ORIG_HEAD`, `MERGE_MSG`, `MERGE_STATE` (the paths about to change);
    /// 3. the worktree: removals, then files and helper files (each through a temp file + rename);
    /// 4. the index; 5. `MERGE_HEAD`;
    /// 6. a clean merge moves the branch by compare-and-swap, then clears the merge state.
    ///
    /// A crash before 2 changes nothing visible; between 2 and 5, `merge --abort` restores the
    /// paths listed in `MERGE_STATE`; after 5 the merge is in progress as after a conflict.
    func applyMerge(
        _ plan: MergePlan, result: MergeResult, head: HeadState, who: Signature, lock: RepositoryLock,
        progress: any Progress
    ) throws -> MergeResult {
        var result = result
        var index = try readIndex()
        try checkMergeSafety(plan, index: index)
        let helpers = helperFiles(plan)
        result.warnings = helpers.warnings
        result.contentMerged = plan.outcome.contentMerged
        let clean = plan.outcome.files.values.sorted { $0.path < $1.path }
        result.changes = Repository.diffFiles(plan.oursFiles.values.sorted { $0.path < $1.path }, clean)
        let writer = try objects.makeWriter()
        var newCommit: (id: ObjectID, tree: ObjectID)?
        do {
            for id in plan.referencedIDs.sorted() {
                if let bytes = plan.made[id] { try FileStorer.store(bytes, writer: writer) }
            }
            if plan.outcome.conflicts.isEmpty {
                let tree = try writeTrees(clean, writer: writer)
                let commit = Commit(
                    tree: tree, parents: [plan.ours, result.theirs], author: who, committer: who, message: plan.message)
                newCommit = (try writer.put(commit.encoded(), kind: .commit), tree)
            }
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
        let records = plan.touched.map { helpers.records[$0] ?? MergeState.Record(path: $0, conflict: nil) }
        try writeMergeFile(Array("\(plan.ours)\n".utf8), to: layout.origHead)
        try writeMergeFile(Array(plan.message.utf8), to: layout.mergeMessage)
        try writeMergeFile(MergeState(records: records).encoded(), to: layout.mergeState)

        let materializer = FileMaterializer(repository: self)
        for path in plan.touched where plan.worktreeFiles[path] == nil {
            try materializer.remove(path)
            index.remove(path)
        }
        let changed = plan.touched.compactMap { path -> TreeFile? in
            guard let file = plan.worktreeFiles[path], !TreeMerge.same(file, plan.oursFiles[path]) else { return nil }
            return file
        }
        for (file, stat) in try writeFiles(changed + helpers.files, progress: progress)
        where plan.outcome.files[file.path] != nil {
            index.set(StagingIndex.Entry(path: file.path, mode: file.mode, id: file.id, size: file.size, stat: stat))
        }
        for conflict in plan.outcome.conflicts {
            let stages = [(conflict.base, UInt8(1)), (conflict.ours, 2), (conflict.theirs, 3)].compactMap {
                file, stage in
                file.map {
                    StagingIndex.Entry(path: conflict.path, mode: $0.mode, id: $0.id, size: $0.size, stage: stage)
                }
            }
            index.setConflict(conflict.path, stages: stages)
            result.conflicts.append(
                MergeConflict(
                    path: conflict.path, kind: conflict.kind, reason: conflict.reason,
                    theirsFile: helpers.records[conflict.path]?.theirsHelper == nil
                        ? nil : helpers.records[conflict.path]?.theirsPath,
                    baseFile: helpers.records[conflict.path]?.baseHelper == nil
                        ? nil : helpers.records[conflict.path]?.basePath))
        }
        if let newCommit { index.treeID = newCommit.tree }
        try lock.commit(index)
        try writeMergeFile(Array("\(result.theirs)\n".utf8), to: layout.mergeHead)

        guard let newCommit else {
            result.outcome = .conflicted
            result.commit = nil
            return result
        }
        let context = ReflogEntryContext(
            who: who, message: "merge \(result.labels.theirs): Merge made by the 'recursive' strategy.")
        switch head {
        case .branch(let branch, _):
            try refs.update(branch, to: newCommit.id, expecting: .value(plan.ours), log: context)
        case .detached:
            try refs.setHead(.direct(newCommit.id), log: context)
        }
        clearMergeState()
        result.outcome = .merged
        result.commit = newCommit.id
        return result
    }

    /// Writes one of the merge state files atomically (temp file, fsync, rename).
    func writeMergeFile(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: layout.tmp, withIntermediateDirectories: true)
        try AtomicFile.write(bytes, to: url, temporaryDirectory: layout.tmp)
    }

    /// Ends a merge: removes `MERGE_HEAD` first (so a merge is no longer in progress), then
    /// `MERGE_MSG` and `MERGE_STATE`. `ORIG_HEAD` stays, as in git.
    func clearMergeState() {
        for url in [layout.mergeHead, layout.mergeMessage, layout.mergeState] {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
