import Foundation
import MLVObjects
import MLVStorage

/// A three-way merge worked out in memory: what each path becomes and which paths change.
struct MergePlan {
    var ours: ObjectID
    var oursFiles: [RepoPath: TreeFile]
    var outcome: TreeMerge.Outcome
    var made: [ObjectID: [UInt8]]
    var message: String
    /// What each path holds in the worktree afterwards: clean results and conflicted files.
    var worktreeFiles: [RepoPath: TreeFile]
    /// Paths whose worktree file or index entry the merge changes, sorted.
    var touched: [RepoPath]

    init(
        ours: ObjectID, oursFiles: [RepoPath: TreeFile], outcome: TreeMerge.Outcome, made: [ObjectID: [UInt8]],
        message: String
    ) throws {
        self.ours = ours
        self.oursFiles = oursFiles
        self.outcome = outcome
        self.made = made
        self.message = message
        var worktree = outcome.files
        for conflict in outcome.conflicts { worktree[conflict.path] = conflict.worktree }
        worktreeFiles = worktree
        let conflicted = Set(outcome.conflicts.map(\.path))
        touched = Set(oursFiles.keys).union(worktree.keys).filter {
            conflicted.contains($0) || !TreeMerge.same(oursFiles[$0], outcome.files[$0])
        }.sorted()
        // A file where the other side has a folder cannot be represented file by file.
        for path in worktree.keys {
            var folder = path.parent
            while !folder.isRoot {
                if worktree[folder] != nil {
                    throw RepositoryError(
                        .mergeNotSupported,
                        "cannot merge: '\(folder)' is a file on one side and a folder holding '\(path)' on the other",
                        hint: "rename one of them on its branch, commit, and merge again")
                }
                folder = folder.parent
            }
        }
    }

    /// Every id the applied merge refers to (index stages, worktree files, helper files).
    var referencedIDs: Set<ObjectID> {
        var ids = Set(outcome.files.values.map(\.id))
        for conflict in outcome.conflicts {
            for file in [conflict.base, conflict.ours, conflict.theirs, conflict.worktree] {
                if let file { ids.insert(file.id) }
            }
            for file in [conflict.theirsHelper, conflict.baseHelper] { if let file { ids.insert(file.id) } }
        }
        return ids
    }
}

extension Repository {
    /// Refuses a merge that would lose local work: staged changes anywhere (the index must equal
    /// HEAD, as git's ort requires), local edits to a path the merge changes, and untracked files
    /// or non-folders where it writes.
    func checkMergeSafety(_ plan: MergePlan, index: StagingIndex) throws {
        let stage0 = index.entries.filter { $0.stage == 0 }.map {
            TreeFile(path: $0.path, mode: $0.mode, id: $0.id, size: $0.size)
        }
        let oursTree = try commit(plan.ours).tree
        if (try index.treeID ?? writeTrees(stage0, writer: nil)) != oursTree {
            let staged = Repository.diffFiles(plan.oursFiles.values.sorted { $0.path < $1.path }, stage0)
            throw RepositoryError(
                .wouldOverwrite,
                "your local changes to these files would be overwritten by merge: \(staged.map(\.path.rawValue).joined(separator: ", "))",
                hint: "commit them, or unstage them with 'mlv reset', then merge again")
        }
        var edited: [String] = []
        var untracked: [String] = []
        let hasher = FileStorer(repository: self, writer: nil)
        let removed = Set(plan.touched.filter { plan.worktreeFiles[$0] == nil })
        for path in plan.touched {
            let stat = FileStat.of(layout.worktreeURL(path).path)
            let target = plan.worktreeFiles[path]
            if let entry = index[path] {
                guard let stat else {
                    if target != nil { edited.append(path.rawValue) }
                    continue
                }
                if entry.matches(stat, indexTime: index.writtenAt) { continue }
                let current =
                    stat.kind == .file || stat.kind == .symlink
                    ? try? hasher.store(path, expected: stat).id : nil
                if current != entry.id { edited.append(path.rawValue) }
            } else if let stat, let target {
                let current =
                    stat.kind == .file || stat.kind == .symlink
                    ? try? hasher.store(path, expected: stat).id : nil
                if current != target.id { untracked.append(path.rawValue) }
            }
            guard target != nil else { continue }
            var folder = path.parent
            while !folder.isRoot {
                if let kind = FileStat.of(layout.worktreeURL(folder).path)?.kind, kind != .directory,
                    !removed.contains(folder)
                {
                    untracked.append(folder.rawValue)
                }
                folder = folder.parent
            }
        }
        if !edited.isEmpty {
            throw RepositoryError(
                .wouldOverwrite,
                "your local changes to these files would be overwritten by merge: \(edited.joined(separator: ", "))",
                hint: "commit or stash them, then merge again")
        }
        if !untracked.isEmpty {
            throw RepositoryError(
                .wouldOverwrite,
                "untracked files would be overwritten by merge: \(Set(untracked).sorted().joined(separator: ", "))",
                hint: "move or remove them, then merge again")
        }
    }

    /// The helper files to write for the planned conflicts: a helper is skipped (with a warning)
    /// when its name is taken in the worktree or by the merge's own files.
    func helperFiles(_ plan: MergePlan) -> (
        records: [RepoPath: MergeState.Record], files: [TreeFile], warnings: [String]
    ) {
        var records: [RepoPath: MergeState.Record] = [:]
        var files: [TreeFile] = []
        var warnings: [String] = []
        for conflict in plan.outcome.conflicts {
            var record = MergeState.Record(path: conflict.path, conflict: conflict.kind)
            let wanted: [(TreeFile?, RepoPath?, String)] = [
                (conflict.theirsHelper, record.theirsPath, "their"), (conflict.baseHelper, record.basePath, "the base"),
            ]
            for (source, helperPath, whose) in wanted {
                guard let source else { continue }
                guard let helperPath, plan.worktreeFiles[helperPath] == nil,
                    FileStat.of(layout.worktreeURL(helperPath).path) == nil
                else {
                    warnings.append(
                        "'\(conflict.path).\(whose == "their" ? "theirs" : "base")' is taken, so \(whose) version of '\(conflict.path)' was not written next to it"
                    )
                    continue
                }
                let mode: Tree.Mode = source.mode == .executable ? .executable : .file
                files.append(TreeFile(path: helperPath, mode: mode, id: source.id, size: source.size))
                if whose == "their" { record.theirsHelper = source.id } else { record.baseHelper = source.id }
            }
            records[conflict.path] = record
        }
        return (records, files, warnings)
    }
}
