/// The outcome of a three-way text merge (``TextMerge``).
public struct TextMergeResult: Sendable, Equatable {
    /// The merged text: both sides' changes, with conflict markers around each conflict.
    public var merged: [UInt8]
    /// The number of conflicts (marker blocks) in ``merged``; 0 for a clean merge.
    public var conflicts: Int

    public init(merged: [UInt8], conflicts: Int) {
        self.merged = merged
        self.conflicts = conflicts
    }

    /// True when the merge has no conflicts.
    public var isClean: Bool { conflicts == 0 }
}

/// A stretch of a three-way merge: base lines `baseStart..<baseEnd` and the lines of each side
/// that stand for them, with how the merge resolves it. Line numbers are 0-based.
struct MergeRegion: Equatable {
    enum Resolution: Equatable {
        /// Both sides changed the stretch differently: markers around both versions.
        case conflict
        /// Only ours changed it: ours is taken.
        case ours
        /// Only theirs changed it: theirs is taken.
        case theirs
        /// Both changed it the same way (found when refining a conflict): ours is taken.
        case identical
    }

    var resolution: Resolution
    var baseStart: Int, baseEnd: Int
    var oursStart: Int, oursEnd: Int
    var theirsStart: Int, theirsEnd: Int
}
