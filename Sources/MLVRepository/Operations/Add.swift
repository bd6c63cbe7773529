import Foundation
import MLVObjects
import MLVStorage

public struct AddOptions: Sendable {
    /// What to add; `.root` adds everything.
    public var paths: [RepoPath]
    /// Add files even if `.mlvignore` ignores them.
    public var force = false
    /// Only stage changes of files already tracked (`add -u`).
    public var trackedOnly = false
    public var progress: any Progress = SilentProgress()

    public init(paths: [RepoPath]) {
        self.paths = paths
    }
}

public struct AddResult: Sendable {
    /// Paths whose staged content changed (new or modified).
    public var staged: [RepoPath] = []
    /// Tracked paths staged as deleted because they are gone from the worktree.
    public var removed: [RepoPath] = []
    /// Bytes of chunks that were new to the store.
    public var newBytes = 0
    /// Bytes read from files that had to be hashed.
    public var bytesRead: UInt64 = 0
    /// Names that cannot be stored (warnings).
    public var skipped: [String] = []
}

extension Repository {
    /// Stages files: chunks and stores new content, updates the index. Unchanged files (same
    /// stat as in the index) are not read.
    public func add(_ options: AddOptions) throws -> AddResult {
        try withLock { lock in
            var index = try readIndex()
            let writer = try objects.makeWriter()
            var result = try stage(options, into: &index, writer: writer)
            do {
                try writer.commit()
            } catch {
                writer.abort()
                throw error
            }
            try lock.commit(index)
            try settleMergeHelpers(resolvedIn: index)
            result.staged.sort()
            return result
        }
    }

    /// The staging work of `add`, shared with `commit -a`; objects go to `writer`.
    func stage(_ options: AddOptions, into index: inout StagingIndex, writer: ObjectWriter) throws -> AddResult {
        var result = AddResult()
        let scanner = WorktreeScanner(layout: layout)
        var found: [RepoPath: FileStat] = [:]
        // The `.theirs`/`.base` files of a merge in progress are added only when named.
        let helpers = try readMergeState()?.helperPaths ?? []
        for path in options.paths {
            let stat = FileStat.of(layout.worktreeURL(path).path)
            let tracked = !index.entries(within: path).isEmpty
            if stat == nil && !tracked {
                throw RepositoryError(
                    .pathNotFound, "pathspec '\(path.isRoot ? "." : path.rawValue)' did not match any files")
            }
            if let stat, stat.kind != .directory, !options.force, !tracked, isIgnored(path) {
                let reason =
                    isOutsideTrackedPaths(path) ? "is not a tracked path (.mlvattributes)" : "is ignored by .mlvignore"
                throw RepositoryError(
                    .invalidArgument, "'\(path)' \(reason)", hint: "use 'mlv add -f' to add it anyway")
            }
            let scan = scanner.scan(under: [path], includeIgnored: false)
            result.skipped += scan.skipped
            for file in scan.files where file.path == path || !helpers.contains(file.path) {
                found[file.path] = file.stat
            }
            if let stat, stat.kind != .directory, options.force { found[path] = stat }
        }
        // Tracked files that are gone (a partial clone's left-out files are not gone).
        let partial = partialClone
        for path in options.paths {
            for entry in index.entries(within: path) where found[entry.path] == nil {
                if FileStat.of(layout.worktreeURL(entry.path).path) == nil && !isLeftOut(entry.path, partial: partial) {
                    index.remove(entry.path)
                    // A conflicted path has several entries (stages); report it once.
                    if result.removed.last != entry.path { result.removed.append(entry.path) }
                }
            }
        }
        let candidates = found.filter { path, stat in
            guard let entry = index[path] else { return !options.trackedOnly || !index.stages(of: path).isEmpty }
            return !entry.matches(stat, indexTime: index.writtenAt)
        }.sorted { $0.key < $1.key }
        let total = candidates.reduce(0) { $0 + Int($1.value.size) }
        writer.expect(rawBytes: UInt64(total))
        var storer = FileStorer(repository: self, writer: writer)
        let smallStorer = FileStorer(repository: self, writer: writer, parallel: false)
        let counter = ProgressCounter()
        let progress = options.progress
        storer.onBytes = { progress.update("adding", completed: counter.add($0), total: total) }
        let small = candidates.filter { $0.value.size < 4 * 1024 * 1024 }
        let large = candidates.filter { $0.value.size >= 4 * 1024 * 1024 }
        // Small files in parallel (one per thread); large files one at a time, chunks in parallel.
        var stored = try small.parallelMap { path, stat in
            let file = try smallStorer.store(path, expected: stat)
            progress.update("adding", completed: counter.add(Int(stat.size)), total: total)
            return (path, stat, file)
        }
        for (path, stat) in large {
            stored.append((path, stat, try storer.store(path, expected: stat, previous: index[path]?.id)))
        }
        progress.done("adding")
        for (path, stat, file) in stored {
            let mode: Tree.Mode = stat.kind == .symlink ? .symlink : (stat.isExecutable ? .executable : .file)
            let unchanged = index[path].map { $0.id == file.id && $0.mode == mode } ?? false
            // Either way the entry takes the new stat, so the file is not read again.
            index.set(StagingIndex.Entry(path: path, mode: mode, id: file.id, size: file.size, stat: stat))
            result.bytesRead += stat.size
            if unchanged { continue }
            result.staged.append(path)
            result.newBytes += file.newBytes
        }
        return result
    }

    /// Whether `.mlvattributes` declares tracked paths and `path` is not one of them.
    func isOutsideTrackedPaths(_ path: RepoPath) -> Bool {
        let attributes = attributes()
        return attributes.hasTrackPatterns && !attributes.isTracked(path)
    }

    /// Whether `.mlvignore` rules ignore `path` or one of its folders, or `path` lies outside
    /// the tracked paths `.mlvattributes` declares.
    func isIgnored(_ path: RepoPath) -> Bool {
        if isOutsideTrackedPaths(path) { return true }
        var rules = IgnoreRules()
        var folder = RepoPath.root
        let components = path.components
        for (position, component) in components.enumerated() {
            if let data = FileManager.default.contents(
                atPath: layout.worktreeURL(folder).appendingPathComponent(".mlvignore").path)
            {
                rules.add(fileText: String(decoding: data, as: UTF8.self), base: folder)
            }
            folder = folder.appending(component)
            if rules.isIgnored(folder, isDirectory: position < components.count - 1) { return true }
        }
        return false
    }
}
