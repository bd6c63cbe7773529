import Foundation
import MLVObjects
import MLVStorage

public struct MergeOptions: Sendable {
    public enum FastForward: Sendable {
        /// Fast-forward when possible, else merge (the default).
        case allowed
        /// Fast-forward or fail (`--ff-only`).
        case only
        /// Always create a merge commit (`--no-ff`).
        case never
    }

    public var identity: Identity
    /// The merge commit's message; nil for `Merge branch 'x'` and the like.
    public var message: String?
    public var fastForward = FastForward.allowed
    /// Merge histories without a common ancestor (against an empty base).
    public var allowUnrelatedHistories = false
    /// Merges the contents of files changed on both sides.
    public var fileMerger: any FileMerger = ContentFileMerger()
    /// Files larger than this (on any side) are not read into memory for a content merge: they
    /// conflict as binary files do, keeping ours, with `.theirs`/`.base` written next to them.
    public var maxContentMergeSize: UInt64 = 64 * 1024 * 1024
    public var progress: any Progress = SilentProgress()

    public init(identity: Identity) {
        self.identity = identity
    }
}

/// A path the merge could not settle.
public struct MergeConflict: Sendable, Equatable {
    public enum Reason: String, Sendable {
        /// Both sides changed the contents.
        case content
        /// Both sides added the path with different contents.
        case addAdd = "add/add"
        /// One side changed the file, the other deleted it.
        case modifyDelete = "modify/delete"
        /// The contents agree but the sides changed the mode (executable, link) differently.
        case mode
    }

    public var path: RepoPath
    public var kind: ConflictKind
    public var reason: Reason
    /// `<path>.theirs`, when the merge wrote their version there.
    public var theirsFile: RepoPath?
    /// `<path>.base`, when the merge wrote the base version there.
    public var baseFile: RepoPath?
}

public struct MergeResult: Sendable {
    public enum Outcome: String, Sendable {
        case upToDate = "up-to-date"
        case fastForward = "fast-forward"
        /// A merge commit was made.
        case merged
        /// The merge stopped with conflicts; `.mlv/MERGE_HEAD` and friends are written.
        case conflicted
    }

    public var outcome: Outcome
    /// HEAD before the merge (nil on an unborn branch).
    public var previous: ObjectID?
    public var theirs: ObjectID
    /// HEAD after the merge; nil when it stopped with conflicts.
    public var commit: ObjectID?
    public var bases: [ObjectID] = []
    /// Files the merge changed, HEAD before against the result (the clean part, with conflicts).
    public var changes: [TreeChange] = []
    /// Paths whose contents went through the content merger.
    public var contentMerged: [RepoPath] = []
    public var conflicts: [MergeConflict] = []
    /// Things the user should know that did not stop the merge.
    public var warnings: [String] = []
    public var labels: MergeLabels
}

extension Repository {
    /// Merges `revision` into HEAD as `git merge` does.
    ///
    /// Already contained: nothing happens. HEAD an ancestor: fast-forward (unless
    /// `.never`), moving worktree and index as checkout does, with the same refusal to overwrite
    /// local changes. Otherwise a file-level three-way merge against the merge base (several
    /// bases are merged recursively into a virtual one). A clean merge commits with two parents;
    /// conflicts stop it with the merge state written (docs/FORMAT.md §13), the clean results
    /// staged, and the conflicts in the index as stages 1–3.
    ///
    /// Refuses, before changing anything, while a merge is in progress, when the index has
    /// staged changes, and when local changes or untracked files are in the way of a path the
    /// merge changes. Order: objects, merge state, worktree, index, `MERGE_HEAD`, then the ref.
    public func merge(_ revision: String, options: MergeOptions) throws -> MergeResult {
        if let message = options.message, message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw RepositoryError(.invalidArgument, "aborting the merge due to an empty merge message")
        }
        let who = try options.identity.signature(for: self)
        return try withLock { lock in
            try refuseDuringMerge()
            let head = try self.head()
            let theirs = try resolveCommit(revision)
            var result = MergeResult(
                outcome: .upToDate, previous: head.commitID, theirs: theirs, commit: head.commitID,
                labels: MergeLabels(ours: "HEAD", theirs: revision, base: ""))
            let context = ReflogEntryContext(who: who, message: "merge \(revision): Fast-forward")
            guard let ours = head.commitID else {
                return try fastForward(head, to: theirs, result: result, context: context, lock: lock, options: options)
            }
            if try isAncestor(theirs, of: ours) { return result }
            if options.fastForward != .never, try isAncestor(ours, of: theirs) {
                return try fastForward(head, to: theirs, result: result, context: context, lock: lock, options: options)
            }
            if options.fastForward == .only {
                throw RepositoryError(
                    .notFastForward, "not possible to fast-forward to '\(revision)': HEAD and it have diverged",
                    hint: "run 'mlv merge \(revision)' without --ff-only to create a merge commit")
            }
            var tree = TreeMerge(repository: self, options: options)
            result.bases = try mergeBases(of: [ours], and: [theirs], graph: &tree.graph)
            if result.bases.isEmpty && !options.allowUnrelatedHistories {
                throw RepositoryError(
                    .unrelatedHistories,
                    "refusing to merge unrelated histories: '\(revision)' and HEAD share no commit",
                    hint: "use --allow-unrelated-histories to merge them against an empty base")
            }
            result.labels.base =
                result.bases.count == 1 ? result.bases[0].abbreviated : "merged common ancestors"
            let oursFiles = try fileMap(ofCommit: ours)
            let outcome = try tree.merge(
                base: try tree.baseFiles(result.bases), ours: oursFiles, theirs: try fileMap(ofCommit: theirs),
                labels: result.labels)
            let plan = try MergePlan(
                ours: ours, oursFiles: oursFiles, outcome: outcome, made: tree.made,
                message: options.message.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }
                    ?? defaultMergeMessage(revision, head: head))
            return try applyMerge(plan, result: result, head: head, who: who, lock: lock, progress: options.progress)
        }
    }

    private func fastForward(
        _ head: HeadState, to theirs: ObjectID, result: MergeResult, context: ReflogEntryContext,
        lock: RepositoryLock, options: MergeOptions
    ) throws -> MergeResult {
        var result = result
        result.outcome = .fastForward
        result.commit = theirs
        result.changes = try diffTrees(head.commitID.map { try commit($0).tree }, commit(theirs).tree)
        if let old = head.commitID {
            try AtomicFile.write(Array("\(old)\n".utf8), to: layout.origHead, temporaryDirectory: layout.tmp)
        }
        _ = try moveWorktree(
            from: head.commitID, to: theirs, force: false, lock: lock, progress: options.progress, verb: "merge")
        switch head {
        case .branch(let branch, let old):
            try refs.update(branch, to: theirs, expecting: old.map { .value($0) } ?? .absent, log: context)
        case .detached:
            try refs.setHead(.direct(theirs), log: context)
        }
        return result
    }

    /// git's default message: `Merge branch 'x'`, `Merge tag 'v1'`, `Merge remote-tracking
    /// branch 'origin/x'` or `Merge commit '<rev>'`, plus ` into <branch>` unless the current
    /// branch is `main` or `master`.
    func defaultMergeMessage(_ revision: String, head: HeadState) -> String {
        func exists(_ name: String) -> Bool { RefName(name).map { (try? refs.read($0)) != nil } ?? false }
        var what = "commit '\(revision)'"
        if exists(RefName.tagsPrefix + revision) {
            what = "tag '\(revision)'"
        } else if exists(RefName.headsPrefix + revision) {
            what = "branch '\(revision)'"
        } else if exists(RefName.remotesPrefix + revision) {
            what = "remote-tracking branch '\(revision)'"
        }
        var message = "Merge \(what)"
        if case .branch(let ref, _) = head, !["main", "master"].contains(ref.shortName) {
            message += " into \(ref.shortName)"
        }
        return message + "\n"
    }

    /// Fails while a merge waits for its commit, or was interrupted, or the index has conflicts.
    func refuseDuringMerge() throws {
        if FileManager.default.fileExists(atPath: layout.mergeHead.path) {
            throw RepositoryError(
                .mergeInProgress, "you have not concluded your merge ('\(layout.mergeHead.path)' exists)",
                hint: "resolve the conflicts and run 'mlv merge --continue', or 'mlv merge --abort' to give up")
        }
        if FileManager.default.fileExists(atPath: layout.mergeState.path) {
            throw RepositoryError(
                .mergeInProgress, "a merge was interrupted before it finished ('\(layout.mergeState.path)' exists)",
                hint: "run 'mlv merge --abort' to restore HEAD's files")
        }
        let conflicted = try readIndex().conflictedPaths
        if !conflicted.isEmpty {
            throw RepositoryError(
                .unmergedPaths,
                "you need to resolve your current index first: \(conflicted.map(\.rawValue).joined(separator: ", "))",
                hint: "'mlv add' the resolved files, or 'mlv reset --hard' to discard them")
        }
    }
}
