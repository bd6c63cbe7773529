import Foundation
import MLVObjects
import MLVStorage

/// Where HEAD goes after ``Repository/sync(to:head:options:)``.
public enum SyncHead: Sendable, Equatable {
    /// HEAD follows this branch, which is set to the target commit (created when missing).
    case branch(RefName)
    /// HEAD is detached at the target commit.
    case detached
}

public struct SyncOptions: Sendable {
    public var identity: Identity
    /// Overwrite and remove files with local changes instead of refusing.
    public var force = false
    public var progress: any Progress = SilentProgress()
    /// The reflog message for the moved refs.
    public var reason: String

    public init(identity: Identity, reason: String) {
        self.identity = identity
        self.reason = reason
    }
}

public struct SyncResult: Sendable {
    public var head: HeadState
    /// Files written, sorted.
    public var written: [RepoPath] = []
    /// Files removed because the target commit no longer has them, sorted.
    public var removed: [RepoPath] = []
    /// Files the target no longer has but that were left in place because they have local changes.
    public var keptModified: [RepoPath] = []
    /// Files that already had the target's content.
    public var unchanged = 0
}

extension Repository {
    /// Makes the worktree, index and HEAD match commit `target` from whatever state they are in:
    /// what a git hook needs after git moved `mlv.lock` (docs/GIT.md). Unlike `checkout`, the
    /// worktree is compared with the target itself, so files that are missing (a fresh clone) are
    /// written too, and files that already have the target's content are not rewritten.
    ///
    /// A file is overwritten only when its content is the old HEAD's or the index's (so it is
    /// stored); other local changes refuse the whole sync unless `force`. Files the target lacks
    /// are removed when unmodified and otherwise left alone. Files are written first (each by
    /// temp file + rename), then the index, then the refs.
    /// - Complexity: one `lstat` per file; files whose stat differs from the index are hashed.
    public func sync(to target: ObjectID, head newHead: SyncHead, options: SyncOptions) throws -> SyncResult {
        let who = try options.identity.signature(for: self)
        return try withLock { lock in
            let current = try self.head()
            let index = try readIndex()
            let oldFiles = (try? fileMap(ofCommit: current.commitID)) ?? [:]
            let targetTree = try commit(target).tree
            let newFiles = try files(ofTree: targetTree)
            let newPaths = Set(newFiles.map(\.path))
            let hasher = FileStorer(repository: self, writer: nil, parallel: false)
            let contentID = { (path: RepoPath, stat: FileStat) throws -> ObjectID? in
                if stat.kind == .directory || stat.kind == .other { return nil }
                if let entry = index[path], entry.stage == 0, entry.matches(stat, indexTime: index.writtenAt) {
                    return entry.id
                }
                return try hasher.manifest(path, expected: stat).id
            }
            var result = SyncResult(head: current)
            var toWrite: [TreeFile] = []
            var kept: [(TreeFile, FileStat)] = []
            var blocked: [String] = []
            for file in newFiles {
                guard let stat = FileStat.of(layout.worktreeURL(file.path).path) else {
                    toWrite.append(file)
                    continue
                }
                let id = try contentID(file.path, stat)
                let mode: Tree.Mode = stat.kind == .symlink ? .symlink : (stat.isExecutable ? .executable : .file)
                if id == file.id && mode == file.mode {
                    kept.append((file, stat))
                    continue
                }
                let stored = id != nil && (id == oldFiles[file.path]?.id || id == index[file.path]?.id)
                if stored || options.force || stat.kind == .directory {
                    toWrite.append(file)
                } else {
                    blocked.append(file.path.rawValue)
                }
            }
            var toRemove: [RepoPath] = []
            for (path, old) in oldFiles where !newPaths.contains(path) {
                guard let stat = FileStat.of(layout.worktreeURL(path).path), stat.kind != .directory else { continue }
                let id = try contentID(path, stat)
                if options.force || id == old.id {
                    toRemove.append(path)
                } else {
                    result.keptModified.append(path)
                }
            }
            if !blocked.isEmpty {
                throw RepositoryError(
                    .wouldOverwrite,
                    "your local changes to these files would be overwritten: \(blocked.sorted().joined(separator: ", "))",
                    hint: "commit them ('mlv commit -a'), or force the restore to discard them")
            }
            let materializer = FileMaterializer(repository: self)
            for path in toRemove.sorted() { try materializer.remove(path) }
            let written = try writeFiles(toWrite, progress: options.progress)
            var fresh = StagingIndex()
            for (file, stat) in kept + written {
                fresh.set(
                    StagingIndex.Entry(path: file.path, mode: file.mode, id: file.id, size: file.size, stat: stat))
            }
            fresh.treeID = targetTree
            try lock.commit(fresh)
            let context = ReflogEntryContext(who: who, message: options.reason)
            switch newHead {
            case .branch(let branch):
                let old = try refs.resolve(branch).id
                if old != target {
                    try refs.update(branch, to: target, expecting: old.map { .value($0) } ?? .absent, log: context)
                }
                if try refs.read(.head) != .symbolic(branch) { try refs.setHead(.symbolic(branch), log: context) }
                result.head = .branch(branch, target)
            case .detached:
                if try refs.read(.head) != .direct(target) { try refs.setHead(.direct(target), log: context) }
                result.head = .detached(target)
            }
            result.written = written.map(\.0.path).sorted()
            result.removed = toRemove.sorted()
            result.keptModified.sort()
            result.unchanged = kept.count
            return result
        }
    }
}
