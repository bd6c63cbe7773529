import Foundation
import MLVObjects
import MLVStorage

public struct CommitOptions: Sendable {
    public var message: String
    /// Stage modified and deleted tracked files first (`commit -a`).
    public var all = false
    /// Record a commit even when the tree equals the parent's.
    public var allowEmpty = false
    public var identity: Identity
    public var progress: any Progress = SilentProgress()
    /// The run records that produced the committed outputs (`mlv run --commit`), stored as a
    /// file object and named in the commit's `run` header.
    public var runRecord: ObjectID?

    public init(message: String, identity: Identity) {
        self.message = message
        self.identity = identity
    }
}

public struct CommitResult: Sendable {
    public var id: ObjectID
    public var commit: Commit
    /// The branch that moved, nil when HEAD is detached.
    public var branch: RefName?
    public var changes: [TreeChange]
}

extension Repository {
    /// Records the index as a new commit on the current branch.
    ///
    /// Order (docs/FORMAT.md §12): objects are made durable, then the index, then the ref moves by
    /// compare-and-swap from the commit it was read at. A crash at any point leaves HEAD at the old
    /// commit or the new one, never at an object that is missing.
    public func commit(_ options: CommitOptions) throws -> CommitResult {
        let message = options.message.hasSuffix("\n") ? options.message : options.message + "\n"
        guard !options.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RepositoryError(.invalidArgument, "aborting commit due to empty commit message")
        }
        let author = try options.identity.signature(for: self)
        return try withLock { lock in
            var index = try readIndex()
            if let conflict = index.conflictedPaths.first {
                throw RepositoryError(
                    .invalidArgument, "cannot commit: '\(conflict)' has merge conflicts",
                    hint: "resolve it, then 'mlv add' it")
            }
            let head = try self.head()
            let parentID = head.commitID
            let writer = try objects.makeWriter()
            do {
                if options.all {
                    var add = AddOptions(paths: [.root])
                    add.trackedOnly = true
                    add.progress = options.progress
                    _ = try stage(add, into: &index, writer: writer)
                }
                let files = index.entries.map { TreeFile(path: $0.path, mode: $0.mode, id: $0.id, size: $0.size) }
                let tree = try writeTrees(files, writer: writer)
                let parentTree = try parentID.map { try self.commit($0).tree }
                let changes = try diffTrees(parentTree, tree)
                let mergeHead = try pendingMerge()?.theirs
                if let mergeHead, parentID == nil || mergeHead == parentID {
                    throw RepositoryError(
                        .mergeInProgress, "'\(layout.mergeHead.path)' names HEAD itself or HEAD has no commit",
                        hint: "run 'mlv merge --abort'")
                }
                // A merge commit is recorded even when its tree equals the first parent's.
                if changes.isEmpty && !options.allowEmpty && parentID != nil && mergeHead == nil {
                    throw RepositoryError(.nothingToCommit, "nothing to commit, working tree clean")
                }
                if parentID == nil && files.isEmpty && !options.allowEmpty {
                    throw RepositoryError(
                        .nothingToCommit, "nothing to commit (create files and use 'mlv add' to track them)")
                }
                let parents = (parentID.map { [$0] } ?? []) + (mergeHead.map { [$0] } ?? [])
                let commit = Commit(
                    tree: tree, parents: parents, author: author, committer: author, runRecord: options.runRecord,
                    message: message)
                let id = try writer.put(commit.encoded(), kind: .commit)
                try writer.commit()
                index.treeID = tree
                try lock.commit(index)
                let subject =
                    "commit\(parentID == nil ? " (initial)" : parents.count > 1 ? " (merge)" : ""): \(commit.subject)"
                let context = ReflogEntryContext(who: author, message: subject)
                let expected: RefExpectation = parentID.map { .value($0) } ?? .absent
                var branch: RefName?
                switch head {
                case .branch(let name, _):
                    try refs.update(name, to: id, expecting: expected, log: context)
                    branch = name
                case .detached:
                    try refs.setHead(.direct(id), log: context)
                }
                clearMergeState()
                consolidatePacks()
                return CommitResult(id: id, commit: commit, branch: branch, changes: changes)
            } catch {
                writer.abort()
                throw error
            }
        }
    }
}

extension Repository {
    /// Rolls small packs together once there are more than `gc.autoPackLimit` of them
    /// (docs/FORMAT.md §7), as git's `gc --auto` does after a commit. Best effort: the commit is
    /// already durable, and a failure here leaves every pack as it was, so it is not reported.
    /// The caller holds the repository lock.
    func consolidatePacks() {
        var policy = PackConsolidation()
        if let text = config["gc.autoPackLimit"] {
            guard let limit = Int(text), limit >= 0 else { return }
            policy.limit = limit
        }
        _ = try? objects.consolidateSmallPacks(policy)
    }
}
