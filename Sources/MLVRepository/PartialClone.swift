import Foundation

/// What a partial clone (`mlv clone --include`) checked out, as MLVRepository sees it: the
/// paths named by `remote.<name>.partial` in the config (docs/PROTOCOL.md §6).
///
/// Tracked files outside them are in the index (as HEAD has them) but not in the worktree, and
/// their objects may be missing until needed: `status`, `add` and `commit -a` treat such a file
/// as unchanged while it is absent (git's skip-worktree), and `fsck` lists their missing
/// objects as left on the remote rather than as damage.
public struct PartialClone: Sendable, Equatable {
    /// The included paths; a file is checked out when it is one of them or lies below one.
    public var includes: [RepoPath]

    /// The partial-clone paths of `config`, or nil for a full clone.
    public init?(config: Config) {
        var includes: [RepoPath] = []
        for entry in config.entries where entry.key.hasPrefix("remote.") && entry.key.hasSuffix(".partial") {
            includes += entry.value.split(separator: ",").compactMap { RepoPath(String($0)) }
        }
        guard !includes.isEmpty else { return nil }
        self.includes = includes
    }

    /// Whether `path` is outside every included path (left on the remote, not checked out).
    public func excludes(_ path: RepoPath) -> Bool {
        !includes.contains { path.isWithin($0) }
    }
}

extension Repository {
    /// The partial-clone paths, or nil for a full clone.
    public var partialClone: PartialClone? { PartialClone(config: config) }

    /// Whether the index entry for `path` stands for a file a partial clone left out and that is
    /// still absent from the worktree: it counts as unchanged.
    func isLeftOut(_ path: RepoPath, partial: PartialClone?) -> Bool {
        guard let partial, partial.excludes(path) else { return false }
        return FileStat.of(layout.worktreeURL(path).path) == nil
    }
}

extension Repository {
    /// Checks out the files of `revision` under `includes` and records every file of its tree in
    /// the index, the left-out ones without stat (a partial clone's first checkout). Returns the
    /// number of files written.
    public func checkoutPartial(_ revision: String, includes: [RepoPath]) throws -> Int {
        try withLock { lock in
            var index = try readIndex()
            let all = try files(ofTree: commit(resolveCommit(revision)).tree)
            let wanted = all.filter { file in includes.contains { file.path.isWithin($0) } }
            for file in all {
                index.set(StagingIndex.Entry(path: file.path, mode: file.mode, id: file.id, size: file.size))
            }
            for (file, stat) in try writeFiles(wanted, progress: SilentProgress()) {
                index.set(
                    StagingIndex.Entry(path: file.path, mode: file.mode, id: file.id, size: file.size, stat: stat))
            }
            try lock.commit(index)
            return wanted.count
        }
    }
}
