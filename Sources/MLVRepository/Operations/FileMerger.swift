/// The names a content merger writes into conflict markers.
public struct MergeLabels: Sendable, Equatable {
    /// Our side: `HEAD` in a user's merge.
    public var ours: String
    /// Their side: the revision as the user typed it (`feature`, `v1.2`, an id).
    public var theirs: String
    /// The common ancestor (an abbreviated id, or `merged common ancestors` for a virtual base).
    public var base: String

    public init(ours: String, theirs: String, base: String) {
        self.ours = ours
        self.theirs = theirs
        self.base = base
    }
}

/// What a content merger made of one file.
public enum FileMergeOutcome: Sendable, Equatable {
    /// The merge succeeded: the file's new contents, staged and written to the worktree.
    case merged([UInt8])
    /// The merge failed: `worktree` is what to leave in the file for the user to resolve (for
    /// example git-style conflict markers, or one side unchanged); `writeTheirs` and `writeBase`
    /// ask for their version and the base version next to it, as `<file>.theirs` and
    /// `<file>.base`.
    case conflict(worktree: [UInt8], writeTheirs: Bool, writeBase: Bool)
}

/// Merges the contents of one file changed on both sides of a merge.
///
/// `Repository.merge(_:options:)` calls it only for paths whose contents differ on both sides
/// and from the base: both modified (all three present), add/add (`base` nil), and
/// modify/delete (`ours` or `theirs` nil: that side deleted the file). Paths changed on one
/// side only, or identically on both, never reach it; neither do symbolic links or files larger
/// than `MergeOptions.maxContentMergeSize`, which conflict keeping our version.
///
/// Implementations must be deterministic (the same inputs give the same bytes) and must not
/// touch the repository or the worktree. Line-level text merges and row-level table merges plug
/// in here; ``DefaultFileMerger`` is the file-level fallback.
public protocol FileMerger: Sendable {
    /// Merges `path`'s three versions. Throwing aborts the whole merge before anything is written.
    func merge(path: RepoPath, base: [UInt8]?, ours: [UInt8]?, theirs: [UInt8]?, labels: MergeLabels) throws
        -> FileMergeOutcome
}

/// The file-level content merger mlv uses until finer ones are plugged in.
///
/// - Identical results on both sides merge cleanly.
/// - Modify/delete: a conflict that leaves the surviving version in the worktree (as git does).
/// - Tables (`.csv`, `.tsv`) and binary files (a NUL byte in the first 8000 bytes of any side,
///   git's test): a conflict that keeps ours in `<file>` and writes `<file>.theirs` and, when there
///   is a base, `<file>.base`.
/// - Other text: a conflict with the whole file between git's markers:
///   `<<<<<<< HEAD`, ours, `=======`, theirs, `>>>>>>> <rev>`, each marker on a line of its own.
public struct DefaultFileMerger: FileMerger {
    public init() {}

    public func merge(path: RepoPath, base: [UInt8]?, ours: [UInt8]?, theirs: [UInt8]?, labels: MergeLabels)
        -> FileMergeOutcome
    {
        guard let ours, let theirs else {
            return .conflict(worktree: ours ?? theirs ?? [], writeTheirs: false, writeBase: false)
        }
        if ours == theirs { return .merged(ours) }
        if Self.isTable(path) || Self.isBinary(ours) || Self.isBinary(theirs) || base.map(Self.isBinary) == true {
            return .conflict(worktree: ours, writeTheirs: true, writeBase: base != nil)
        }
        return .conflict(
            worktree: Self.markers(ours: ours, theirs: theirs, labels: labels), writeTheirs: false, writeBase: false)
    }

    /// git's test for binary content: a NUL byte among the first 8000 bytes.
    public static func isBinary(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(8000).contains(0)
    }

    /// Whether the path names a table (`.csv` or `.tsv`, any case), which a text merge would
    /// corrupt row by row.
    public static func isTable(_ path: RepoPath) -> Bool {
        let name = path.name.lowercased()
        return name.hasSuffix(".csv") || name.hasSuffix(".tsv")
    }

    /// The whole of both sides between conflict markers; a side that does not end with a
    /// newline gets one, so every marker starts a line.
    public static func markers(ours: [UInt8], theirs: [UInt8], labels: MergeLabels) -> [UInt8] {
        var out = Array("<<<<<<< \(labels.ours)\n".utf8)
        out += ours
        if let last = ours.last, last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
        out += Array("=======\n".utf8)
        out += theirs
        if let last = theirs.last, last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
        out += Array(">>>>>>> \(labels.theirs)\n".utf8)
        return out
    }
}
