import MLVObjects
import MLVStorage

/// One conflicted path as planned: its three versions, what to leave in the worktree, and the
/// helper files to write next to it.
struct PlannedConflict {
    var path: RepoPath
    var base: TreeFile?
    var ours: TreeFile?
    var theirs: TreeFile?
    /// The contents left at `path` for the user to resolve.
    var worktree: TreeFile
    var theirsHelper: TreeFile?
    var baseHelper: TreeFile?
    var reason: MergeConflict.Reason

    var kind: ConflictKind { ConflictKind(base: base != nil, ours: ours != nil, theirs: theirs != nil) }
}

/// The file-level three-way merge of trees, with recursive merging of several merge bases.
///
/// Works on flattened file lists. Contents the merge makes (merged files, conflict markers, a
/// virtual base's files) stay in memory in `made`, keyed by the file id they will have once
/// stored, so nothing is written until the whole merge has been planned.
struct TreeMerge {
    let repository: Repository
    let merger: any FileMerger
    let maxContentSize: UInt64
    var graph: CommitGraph
    /// Contents made in memory, keyed by file (manifest) id.
    var made: [ObjectID: [UInt8]] = [:]

    init(repository: Repository, options: MergeOptions) {
        self.repository = repository
        self.merger = options.fileMerger
        self.maxContentSize = options.maxContentMergeSize
        self.graph = CommitGraph(repository)
    }

    struct Outcome {
        /// Paths that merged cleanly, with their result (absent: deleted).
        var files: [RepoPath: TreeFile] = [:]
        var conflicts: [PlannedConflict] = []
        /// Paths handed to the content merger ("Auto-merging …").
        var contentMerged: [RepoPath] = []
    }

    /// Merges `ours` and `theirs` against `base`, path by path, in path order.
    mutating func merge(
        base: [RepoPath: TreeFile], ours: [RepoPath: TreeFile], theirs: [RepoPath: TreeFile], labels: MergeLabels
    ) throws -> Outcome {
        var outcome = Outcome()
        let paths = Set(base.keys).union(ours.keys).union(theirs.keys).sorted()
        for path in paths {
            let (b, o, t) = (base[path], ours[path], theirs[path])
            if Self.same(o, t) || Self.same(t, b) {
                if let o { outcome.files[path] = o }
                continue
            }
            if Self.same(o, b) {
                if let t { outcome.files[path] = t }
                continue
            }
            if let o, let t {
                try mergeBoth(path, base: b, ours: o, theirs: t, labels: labels, into: &outcome)
            } else if let b {
                try mergeModifyDelete(path, base: b, ours: o, theirs: t, labels: labels, into: &outcome)
            }
        }
        return outcome
    }

    /// Both sides have the file and changed it differently.
    private mutating func mergeBoth(
        _ path: RepoPath, base b: TreeFile?, ours o: TreeFile, theirs t: TreeFile, labels: MergeLabels,
        into outcome: inout Outcome
    ) throws {
        let mode: Tree.Mode? =
            o.mode == t.mode ? o.mode : b?.mode == o.mode ? t.mode : b?.mode == t.mode ? o.mode : nil
        let content: TreeFile? = o.id == t.id ? o : b?.id == o.id ? t : b?.id == t.id ? o : nil
        let reason: MergeConflict.Reason = b == nil ? .addAdd : .content
        if let mode, let content {
            outcome.files[path] = TreeFile(path: path, mode: mode, id: content.id, size: content.size)
            return
        }
        let hasLink = [b?.mode, o.mode, t.mode].contains(.symlink)
        guard content == nil, let mode, !hasLink else {
            // Modes changed differently, or a link is involved: keep ours, no helpers.
            outcome.conflicts.append(
                PlannedConflict(
                    path: path, base: b, ours: o, theirs: t, worktree: o, reason: content == nil ? reason : .mode))
            return
        }
        guard [b?.size ?? 0, o.size, t.size].allSatisfy({ $0 <= maxContentSize }) else {
            // Too large to read into memory: handled as a binary file, without reading it.
            outcome.conflicts.append(
                PlannedConflict(
                    path: path, base: b, ours: o, theirs: t, worktree: o, theirsHelper: t, baseHelper: b,
                    reason: reason))
            return
        }
        outcome.contentMerged.append(path)
        let result = try merger.merge(
            path: path, base: try b.map { try contents($0) }, ours: try contents(o), theirs: try contents(t),
            labels: labels)
        switch result {
        case .merged(let bytes):
            outcome.files[path] = file(path, bytes, mode: mode)
        case .conflict(let worktree, let writeTheirs, let writeBase):
            outcome.conflicts.append(
                PlannedConflict(
                    path: path, base: b, ours: o, theirs: t, worktree: file(path, worktree, mode: mode),
                    theirsHelper: writeTheirs ? t : nil, baseHelper: writeBase ? b : nil, reason: reason))
        }
    }

    /// One side deleted the file, the other changed it.
    private mutating func mergeModifyDelete(
        _ path: RepoPath, base b: TreeFile, ours o: TreeFile?, theirs t: TreeFile?, labels: MergeLabels,
        into outcome: inout Outcome
    ) throws {
        guard let survivor = o ?? t else { return }
        var conflict = PlannedConflict(
            path: path, base: b, ours: o, theirs: t, worktree: survivor, reason: .modifyDelete)
        let readable = b.mode != .symlink && survivor.mode != .symlink
        guard readable, b.size <= maxContentSize, survivor.size <= maxContentSize else {
            outcome.conflicts.append(conflict)
            return
        }
        let result = try merger.merge(
            path: path, base: try contents(b), ours: try o.map { try contents($0) },
            theirs: try t.map { try contents($0) }, labels: labels)
        switch result {
        case .merged(let bytes):
            outcome.files[path] = file(path, bytes, mode: survivor.mode)
        case .conflict(let worktree, let writeTheirs, let writeBase):
            conflict.worktree = file(path, worktree, mode: survivor.mode)
            conflict.theirsHelper = writeTheirs ? t : nil
            conflict.baseHelper = writeBase ? b : nil
            outcome.conflicts.append(conflict)
        }
    }

    /// The files of the merge base: one base's files, or for several (a criss-cross history)
    /// their recursive merge, as git's "recursive" strategy does. Bases are merged oldest first;
    /// each step merges against the merge bases of what was merged so far and the next base. A
    /// conflict inside this virtual base is settled by what the merger would leave in the
    /// worktree (conflict markers, or our side), so the outer merge sees those bytes as the base.
    mutating func baseFiles(_ bases: [ObjectID]) throws -> [RepoPath: TreeFile] {
        let ordered = Array(bases.reversed())
        guard let first = ordered.first else { return [:] }
        var merged = try repository.fileMap(ofCommit: first)
        var members = [first]
        for next in ordered.dropFirst() {
            let subBases = try repository.mergeBases(of: members, and: [next], graph: &graph)
            let labels = MergeLabels(
                ours: "Temporary merge branch 1", theirs: "Temporary merge branch 2", base: "merged common ancestors")
            let outcome = try merge(
                base: try baseFiles(subBases), ours: merged, theirs: try repository.fileMap(ofCommit: next),
                labels: labels)
            merged = outcome.files
            for conflict in outcome.conflicts { merged[conflict.path] = conflict.worktree }
            members.append(next)
        }
        return merged
    }

    /// The bytes of a file, made in memory or read from the store.
    mutating func contents(_ file: TreeFile) throws -> [UInt8] {
        if let bytes = made[file.id] { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(Int(file.size))
        for chunk in try repository.manifest(file.id).chunks {
            out += try repository.objects.read(chunk.id, kind: .chunk)
        }
        return out
    }

    /// A file made in memory; it gets the id it will have when stored.
    private mutating func file(_ path: RepoPath, _ bytes: [UInt8], mode: Tree.Mode) -> TreeFile {
        let id = FileStorer.manifestID(of: bytes)
        made[id] = bytes
        return TreeFile(path: path, mode: mode, id: id, size: UInt64(bytes.count))
    }

    /// Same id and mode, or both absent.
    static func same(_ a: TreeFile?, _ b: TreeFile?) -> Bool {
        a?.id == b?.id && a?.mode == b?.mode
    }
}
