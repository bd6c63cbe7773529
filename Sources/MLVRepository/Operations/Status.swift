import Foundation
import MLVObjects
import MLVStorage

public struct StatusReport: Sendable {
    public var head: HeadState
    /// Index vs HEAD: what the next commit records.
    public var staged: [TreeChange]
    /// Worktree vs index: changes not staged yet.
    public var unstaged: [TreeChange]
    /// Files neither tracked nor ignored.
    public var untracked: [RepoPath]
    /// Paths with merge conflicts.
    public var conflicted: [RepoPath]
    /// The conflicted paths with how they conflict (`UU`, `AA`, `UD`, `DU`, …), in path order.
    public var unmerged: [UnmergedPath] = []
    /// True while a merge waits for its commit (`MERGE_HEAD` exists).
    public var merging: Bool
    /// True when a merge stopped before writing `MERGE_HEAD` (`merge --abort` cleans up).
    public var mergeInterrupted = false
    /// The `.theirs`/`.base` files a merge in progress wrote; not listed as untracked.
    public var mergeHelpers: [RepoPath] = []

    public var isClean: Bool { staged.isEmpty && unstaged.isEmpty && untracked.isEmpty && conflicted.isEmpty }
}

extension Repository {
    /// Compares HEAD, the index and the worktree. Files whose stat matches the index are not read;
    /// the others are hashed (not stored) to tell real changes from touched files.
    public func status(paths: [RepoPath] = [.root]) throws -> StatusReport {
        // The worktree walk (mostly `fstatat` calls) runs while the index and HEAD are read.
        let layout = self.layout
        let walk = BackgroundTask {
            WorktreeScanner(layout: layout).scan(
                under: paths.filter { FileStat.of(layout.worktreeURL($0).path) != nil })
        }
        let head = try self.head()
        let index = try readIndex()
        let within = { (path: RepoPath) in paths.contains { path.isWithin($0) } }
        let stagedFiles = {
            index.entries.filter { $0.stage == 0 }.map {
                TreeFile(path: $0.path, mode: $0.mode, id: $0.id, size: $0.size)
            }
        }
        // When the index hashes to HEAD's tree nothing is staged, and HEAD's trees need not be
        // read (hashing the index's trees is far cheaper than reading and verifying them; the
        // index usually has its tree id cached, and then nothing is hashed either).
        var staged: [TreeChange] = []
        let headTree = try head.commitID.map { try commit($0).tree }
        var indexTree = index.treeID
        if indexTree == nil && !(index.entries.isEmpty && headTree == nil) {
            indexTree = try writeTrees(stagedFiles(), writer: nil)
        }
        if headTree != indexTree {
            let headFiles = try headTree.map { try files(ofTree: $0) } ?? []
            staged = Repository.diffFiles(
                headFiles.filter { within($0.path) }, stagedFiles().filter { within($0.path) })
        }
        var listed = walk.wait().files
        if paths.count > 1 {
            // Each root is listed in path order, one root after the other, and roots may overlap.
            var unique: [WorktreeFile] = []
            for file in listed.sorted(by: { $0.path < $1.path }) where unique.last?.path != file.path {
                unique.append(file)
            }
            listed = unique
        }
        let hasher = FileStorer(repository: self, writer: nil, parallel: false)
        var unstaged = [TreeChange]()
        var suspects = [(StagingIndex.Entry, FileStat)]()
        var untracked = [RepoPath]()
        let partial = partialClone
        // The index and the listing are both in path order: one pass pairs them, and the listed
        // files that no entry claims are untracked.
        var next = 0
        var claimed: (path: RepoPath, stat: FileStat?)?
        for entry in index.entries {
            let listedStat: FileStat?
            if let claimed, claimed.path == entry.path {
                listedStat = claimed.stat  // another stage of the same path
            } else {
                while next < listed.count && listed[next].path < entry.path {
                    untracked.append(listed[next].path)
                    next += 1
                }
                if next < listed.count && listed[next].path == entry.path {
                    listedStat = listed[next].stat
                    next += 1
                } else {
                    listedStat = nil
                }
                claimed = (entry.path, listedStat)
            }
            guard entry.stage == 0 && within(entry.path) else { continue }
            // A tracked file that an ignore rule hides is not listed, but is still tracked.
            guard let stat = listedStat ?? FileStat.of(layout.worktreeURL(entry.path).path) else {
                if !isLeftOut(entry.path, partial: partial) {
                    unstaged.append(TreeChange(path: entry.path, kind: .deleted, oldID: entry.id, oldSize: entry.size))
                }
                continue
            }
            if !entry.matches(stat, indexTime: index.writtenAt) { suspects.append((entry, stat)) }
        }
        untracked += listed[next...].lazy.map(\.path)
        let rehashed = try suspects.parallelMap { entry, stat -> TreeChange? in
            let mode: Tree.Mode = stat.kind == .symlink ? .symlink : (stat.isExecutable ? .executable : .file)
            if stat.kind == .directory || stat.kind == .other {
                return TreeChange(path: entry.path, kind: .deleted, oldID: entry.id, oldSize: entry.size)
            }
            let file = try hasher.store(entry.path, expected: stat, previous: entry.id)
            if file.id == entry.id && mode == entry.mode { return nil }
            let kind: TreeChange.Kind = (mode == .symlink) != (entry.mode == .symlink) ? .typeChanged : .modified
            return TreeChange(
                path: entry.path, kind: kind, oldID: entry.id, newID: file.id, oldSize: entry.size, newSize: file.size)
        }
        // A conflicted path has no stage-0 entry; it is listed as unmerged, not as deleted.
        let conflictedSet = Set(index.conflictedPaths)
        staged.removeAll { conflictedSet.contains($0.path) }
        unstaged += rehashed.compactMap { $0 }
        unstaged.sort { $0.path < $1.path }
        let helpers = try readMergeState()?.helperPaths ?? []
        if !helpers.isEmpty {
            let helperSet = Set(helpers)
            untracked.removeAll { helperSet.contains($0) }
        }
        let conflicted = index.conflictedPaths.filter(within)
        var report = StatusReport(
            head: head, staged: staged, unstaged: unstaged, untracked: untracked, conflicted: conflicted,
            merging: FileManager.default.fileExists(atPath: layout.mergeHead.path))
        report.unmerged = conflicted.map { path in
            let stages = Set(index.stages(of: path).map(\.stage))
            return UnmergedPath(
                path: path,
                kind: ConflictKind(base: stages.contains(1), ours: stages.contains(2), theirs: stages.contains(3)))
        }
        report.mergeInterrupted = !report.merging && FileManager.default.fileExists(atPath: layout.mergeState.path)
        report.mergeHelpers = helpers.filter(within).sorted()
        return report
    }
}

/// A path with conflict stages in the index, and how it conflicts.
public struct UnmergedPath: Sendable, Equatable {
    public var path: RepoPath
    public var kind: ConflictKind
}

extension Repository {
    /// The tracked files as they are in the worktree now: the index with unstaged edits applied.
    public func trackedWorktreeFiles() throws -> [TreeFile] {
        let report = try status()
        var files: [RepoPath: TreeFile] = [:]
        for entry in try readIndex().entries where entry.stage == 0 {
            files[entry.path] = TreeFile(path: entry.path, mode: entry.mode, id: entry.id, size: entry.size)
        }
        for change in report.unstaged {
            if change.kind == .deleted {
                files[change.path] = nil
            } else if let id = change.newID, var file = files[change.path] {
                file.id = id
                file.size = change.newSize ?? file.size
                files[change.path] = file
            }
        }
        return files.values.sorted { $0.path < $1.path }
    }

    /// Files that differ between a commit and the tracked files of the worktree.
    public func diffWorktree(against commitID: ObjectID) throws -> [TreeChange] {
        Repository.diffFiles(try files(ofTree: commit(commitID).tree), try trackedWorktreeFiles())
    }
}
