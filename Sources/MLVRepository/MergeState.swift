import Foundation
import MLVStorage

/// How a path conflicts, named by git's two-letter status codes (the stages the index holds:
/// 1 base, 2 ours, 3 theirs).
public enum ConflictKind: String, Sendable, CaseIterable {
    case bothModified = "UU"
    case bothAdded = "AA"
    case deletedByThem = "UD"
    case deletedByUs = "DU"
    case addedByUs = "AU"
    case addedByThem = "UA"
    case bothDeleted = "DD"

    /// The kind for a path whose index holds the given stages.
    public init(base: Bool, ours: Bool, theirs: Bool) {
        switch (base, ours, theirs) {
        case (true, true, true): self = .bothModified
        case (false, true, true): self = .bothAdded
        case (true, true, false): self = .deletedByThem
        case (true, false, true): self = .deletedByUs
        case (false, true, false): self = .addedByUs
        case (false, false, true): self = .addedByThem
        default: self = .bothDeleted
        }
    }

    /// git's words in `status`: `both modified`, `deleted by them`, …
    public var label: String {
        switch self {
        case .bothModified: "both modified"
        case .bothAdded: "both added"
        case .deletedByThem: "deleted by them"
        case .deletedByUs: "deleted by us"
        case .addedByUs: "added by us"
        case .addedByThem: "added by them"
        case .bothDeleted: "both deleted"
        }
    }
}

/// `.mlv/MERGE_STATE`: the paths a merge changed in the worktree, and the helper files it wrote
/// (docs/FORMAT.md §13.1). `merge --abort` restores exactly these paths; `add` removes a resolved
/// path's helper files while they still hold what the merge wrote.
///
/// Bytes: the line `mlv-merge-state 1\n`, then one record per path, sorted by path bytes:
/// `<XY> <theirs> <base> <path>\0`, where `<XY>` is a ``ConflictKind`` code or `--` for a path
/// the merge updated cleanly, and `<theirs>`/`<base>` are the file ids (64 hex) of the
/// `<path>.theirs`/`<path>.base` helper files as written, or `-` when none was written.
public struct MergeState: Sendable, Equatable {
    public struct Record: Sendable, Equatable {
        public var path: RepoPath
        /// Nil for a path the merge updated without a conflict.
        public var conflict: ConflictKind?
        public var theirsHelper: ObjectID?
        public var baseHelper: ObjectID?

        public init(path: RepoPath, conflict: ConflictKind?, theirsHelper: ObjectID? = nil, baseHelper: ObjectID? = nil)
        {
            self.path = path
            self.conflict = conflict
            self.theirsHelper = theirsHelper
            self.baseHelper = baseHelper
        }

        /// Where the merge writes their version of a conflicted file (`nil` when the name
        /// would be too long).
        public var theirsPath: RepoPath? { RepoPath(path.rawValue + ".theirs") }
        /// Where the merge writes the base version of a conflicted file.
        public var basePath: RepoPath? { RepoPath(path.rawValue + ".base") }

        /// The helper files still recorded, with the ids they were written with.
        public var helpers: [(path: RepoPath, id: ObjectID)] {
            var out: [(path: RepoPath, id: ObjectID)] = []
            if let id = theirsHelper, let path = theirsPath { out.append((path, id)) }
            if let id = baseHelper, let path = basePath { out.append((path, id)) }
            return out
        }
    }

    static let header = "mlv-merge-state 1\n"

    /// Records sorted by path.
    public var records: [Record]

    public init(records: [Record]) {
        self.records = records.sorted { $0.path < $1.path }
    }

    public func encoded() -> [UInt8] {
        var out = Array(MergeState.header.utf8)
        for record in records {
            let fields = [
                record.conflict?.rawValue ?? "--", record.theirsHelper?.description ?? "-",
                record.baseHelper?.description ?? "-", record.path.rawValue,
            ]
            out += Array(fields.joined(separator: " ").utf8)
            out.append(0)
        }
        return out
    }

    /// Decodes and validates; damage is an error naming the file and the byte offset.
    public init(decoding bytes: [UInt8], path: String) throws {
        let header = Array(MergeState.header.utf8)
        guard bytes.starts(with: header) else {
            throw RepositoryError(.corrupt, "'\(path)' is not an mlv merge state (bad first line)")
        }
        var records: [Record] = []
        var offset = header.count
        while offset < bytes.count {
            guard let end = bytes[offset...].firstIndex(of: 0) else {
                throw RepositoryError(.corrupt, "'\(path)' is truncated: record at offset \(offset) has no NUL")
            }
            let text = String(decoding: bytes[offset..<end], as: UTF8.self)
            let fields = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let repoPath = RepoPath(fields[3]), !repoPath.isRoot,
                fields[0] == "--" || ConflictKind(rawValue: fields[0]) != nil,
                fields[1] == "-" || ObjectID(hex: fields[1]) != nil, fields[2] == "-" || ObjectID(hex: fields[2]) != nil
            else {
                throw RepositoryError(.corrupt, "'\(path)' has a malformed record at offset \(offset)")
            }
            records.append(
                Record(
                    path: repoPath, conflict: ConflictKind(rawValue: fields[0]), theirsHelper: ObjectID(hex: fields[1]),
                    baseHelper: ObjectID(hex: fields[2])))
            offset = end + 1
        }
        self.init(records: records)
    }

    /// Every helper file still recorded.
    public var helperPaths: Set<RepoPath> { Set(records.flatMap { $0.helpers.map(\.path) }) }
}
