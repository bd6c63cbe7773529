import Foundation
import MLVObjects
import MLVStorage

public struct CheckoutOptions: Sendable {
    /// Discard local changes that the checkout would overwrite.
    public var force = false
    public var progress: any Progress = SilentProgress()
    public var identity: Identity

    public init(identity: Identity) {
        self.identity = identity
    }
}

public struct CheckoutResult: Sendable {
    public var head: HeadState
    /// Files written or removed in the worktree.
    public var written: Int
    public var removed: Int
}

extension Repository {
    /// Switches the worktree, index and HEAD to `target`: a branch (HEAD follows it) or a commit
    /// (detached HEAD). Only files whose id or mode differ are written.
    public func checkout(_ target: String, options: CheckoutOptions) throws -> CheckoutResult {
        let who = try options.identity.signature(for: self)
        return try withLock { lock in
            let head = try self.head()
            let branch = RefName.branch(target).flatMap { try? refs.read($0) != nil ? $0 : nil }
            let commitID = try branch.flatMap { try refs.resolve($0).id } ?? resolveCommit(target)
            let counts = try moveWorktree(
                from: head.commitID, to: commitID, force: options.force, lock: lock, progress: options.progress)
            let from = headDescription(head)
            let context = ReflogEntryContext(
                who: who, message: "checkout: moving from \(from) to \(branch?.shortName ?? target)")
            if let branch {
                try refs.setHead(.symbolic(branch), log: context)
                return CheckoutResult(head: .branch(branch, commitID), written: counts.written, removed: counts.removed)
            }
            try refs.setHead(.direct(commitID), log: context)
            return CheckoutResult(head: .detached(commitID), written: counts.written, removed: counts.removed)
        }
    }

    /// Creates `branch` at `start` (HEAD by default) and switches to it (`switch -c`).
    public func switchToNewBranch(_ name: String, start: String?, options: CheckoutOptions) throws -> CheckoutResult {
        guard let branch = RefName.branch(name) else {
            throw RepositoryError(.invalidRefName, "'\(name)' is not a valid branch name")
        }
        let who = try options.identity.signature(for: self)
        return try withLock { lock in
            let head = try self.head()
            guard try refs.read(branch) == nil else {
                throw RepositoryError(.refConflict, "a branch named '\(name)' already exists")
            }
            let startID = try start.map { try resolveCommit($0) } ?? head.commitID
            var counts = (written: 0, removed: 0)
            if let startID {
                counts = try moveWorktree(
                    from: head.commitID, to: startID, force: options.force, lock: lock, progress: options.progress)
                try refs.update(
                    branch, to: startID, expecting: .absent,
                    log: ReflogEntryContext(who: who, message: "branch: Created from \(start ?? "HEAD")"))
            }
            try refs.setHead(
                .symbolic(branch),
                log: ReflogEntryContext(who: who, message: "checkout: moving from \(headDescription(head)) to \(name)"))
            return CheckoutResult(head: .branch(branch, startID), written: counts.written, removed: counts.removed)
        }
    }

    /// Restores `paths` in the worktree and index from `revision` (or from the index when nil).
    public func checkoutPaths(_ paths: [RepoPath], from revision: String?) throws -> Int {
        try withLock { lock in
            var index = try readIndex()
            var sources: [TreeFile] = []
            if let revision {
                let tree = try commit(resolveCommit(revision)).tree
                for path in paths {
                    let found = try files(ofTree: tree).filter { $0.path.isWithin(path) }
                    guard !found.isEmpty else {
                        throw RepositoryError(.pathNotFound, "pathspec '\(path)' did not match any file known to mlv")
                    }
                    sources += found
                }
            } else {
                for path in paths {
                    let found = index.entries(within: path).filter { $0.stage == 0 }
                    guard !found.isEmpty else {
                        throw RepositoryError(.pathNotFound, "pathspec '\(path)' did not match any file known to mlv")
                    }
                    sources += found.map { TreeFile(path: $0.path, mode: $0.mode, id: $0.id, size: $0.size) }
                }
            }
            for (file, stat) in try writeFiles(sources, replacing: index, progress: SilentProgress()) {
                index.set(
                    StagingIndex.Entry(path: file.path, mode: file.mode, id: file.id, size: file.size, stat: stat))
            }
            try lock.commit(index)
            return sources.count
        }
    }

    /// Writes files into the worktree: small ones one per thread, large ones one at a time with
    /// their chunks decoded in parallel (nested parallel loops would stall the thread pool).
    /// With `replacing`, the index that describes the worktree now: where a file's entry names
    /// what the worktree holds, the chunks the new file shares with it are read back instead of
    /// decoded.
    func writeFiles(
        _ files: [TreeFile], replacing: StagingIndex? = nil, progress: any Progress
    ) throws -> [(TreeFile, FileStat)] {
        let materializer = FileMaterializer(repository: self)
        let total = files.reduce(0) { $0 + Int($1.size) }
        let counter = ProgressCounter()
        let isLarge = { (file: TreeFile) in file.size >= 4 * 1024 * 1024 }
        let small = files.filter { !isLarge($0) }
        let large = files.filter(isLarge)
        var written = try small.parallelMap { file -> (TreeFile, FileStat) in
            let stat = try materializer.write(file.path, mode: file.mode, id: file.id)
            progress.update("checking out", completed: counter.add(Int(file.size)), total: total)
            return (file, stat)
        }
        for file in large {
            let stat = try materializer.write(
                file.path, mode: file.mode, id: file.id, parallelChunks: true, replacing: replacing?[file.path]?.id)
            written.append((file, stat))
            progress.update("checking out", completed: counter.add(Int(file.size)), total: total)
        }
        progress.done("checking out")
        return written
    }

    func headDescription(_ head: HeadState) -> String {
        switch head {
        case .branch(let ref, _): ref.shortName
        case .detached(let id): id.abbreviated
        }
    }

    /// Moves worktree and index from commit `old` to commit `new`, refusing to overwrite local
    /// changes unless `force`. Files are written before the index; the caller moves HEAD last.
    /// `verb` names the command in the refusal (`checkout`, `merge`).
    func moveWorktree(
        from old: ObjectID?, to new: ObjectID, force: Bool, lock: RepositoryLock, progress: any Progress,
        verb: String = "checkout"
    ) throws -> (written: Int, removed: Int) {
        let oldFiles = try fileMap(ofCommit: old)
        let newFiles = try files(ofTree: commit(new).tree)
        let newMap = Dictionary(uniqueKeysWithValues: newFiles.map { ($0.path, $0) })
        var index = try readIndex()
        if !force, !index.conflictedPaths.isEmpty {
            throw RepositoryError(
                .unmergedPaths,
                "you need to resolve your current index first: \(index.conflictedPaths.map(\.rawValue).joined(separator: ", "))",
                hint: "'mlv add' the resolved files, or 'mlv merge --abort'")
        }
        let changed = Repository.diffFiles(
            oldFiles.values.sorted { $0.path < $1.path }, newFiles)
        // Local changes in the way: staged or unstaged edits to files the switch touches,
        // and untracked files where the new tree has a file.
        if !force {
            var blocked = [String]()
            let hasher = FileStorer(repository: self, writer: nil)
            for change in changed {
                let entry = index[change.path]
                let stagedID = entry?.id
                if stagedID != oldFiles[change.path]?.id && stagedID != newMap[change.path]?.id {
                    blocked.append(change.path.rawValue)
                    continue
                }
                guard let stat = FileStat.of(layout.worktreeURL(change.path).path) else { continue }
                if let entry {
                    if entry.matches(stat, indexTime: index.writtenAt) { continue }
                    let current = try hasher.store(change.path, expected: stat).id
                    if current != entry.id && current != newMap[change.path]?.id {
                        blocked.append(change.path.rawValue)
                    }
                } else if stat.kind != .directory {
                    let current = try? hasher.store(change.path, expected: stat).id
                    if current != newMap[change.path]?.id { blocked.append(change.path.rawValue) }
                }
            }
            if !blocked.isEmpty {
                throw RepositoryError(
                    .wouldOverwrite,
                    "your local changes to these files would be overwritten by \(verb): \(blocked.sorted().joined(separator: ", "))",
                    hint: "commit or stash them, or use --force to discard them")
            }
        }
        let materializer = FileMaterializer(repository: self)
        var removed = 0
        for change in changed where change.kind == .deleted {
            try materializer.remove(change.path)
            index.remove(change.path)
            removed += 1
        }
        let toWrite = changed.filter { $0.kind != .deleted }.compactMap { newMap[$0.path] }
        // Also restore files the index tracks but that are missing or differ, when forced.
        var extra: [TreeFile] = []
        if force {
            let writing = Set(toWrite.map(\.path))
            for file in newFiles where !writing.contains(file.path) {
                let stat = FileStat.of(layout.worktreeURL(file.path).path)
                if let entry = index[file.path], entry.id == file.id, let stat,
                    entry.matches(stat, indexTime: index.writtenAt)
                {
                    continue
                }
                extra.append(file)
            }
        }
        let all = toWrite + extra
        let written = try writeFiles(all, replacing: index, progress: progress)
        for (file, stat) in written {
            index.set(StagingIndex.Entry(path: file.path, mode: file.mode, id: file.id, size: file.size, stat: stat))
        }
        // Index entries for files of the new tree that were untouched keep their stat; entries the
        // new tree lacks (staged additions) stay, as in git.
        if force {
            for entry in index.entries where newMap[entry.path] == nil && oldFiles[entry.path] == nil {
                index.remove(entry.path)
            }
        }
        // The index now matches the new tree exactly unless local staged changes were carried.
        let stage0 = index.entries.filter { $0.stage == 0 }
        if stage0.count == newFiles.count
            && zip(stage0, newFiles).allSatisfy({ $0.path == $1.path && $0.id == $1.id && $0.mode == $1.mode })
        {
            index.treeID = try commit(new).tree
        }
        try lock.commit(index)
        return (all.count, removed)
    }
}
