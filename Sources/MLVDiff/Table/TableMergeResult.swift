/// The outcome of ``TableMerge/merge(base:ours:theirs:keys:path:)``: the merged file and what
/// could not be merged.
public struct TableMergeResult: Sendable, Hashable {
    /// The merged table in ours' dialect, line endings and byte order mark, with ours' columns
    /// (adjusted by a column change only theirs made). Rows keep ours' order, and rows only
    /// theirs added follow in theirs' order. Rows that come out equal to ours are ours' bytes
    /// unchanged. Conflicting cells and rows hold ours' version.
    public var merged: [UInt8]
    /// The merged file's column names, in order.
    public var columns: [String]
    /// The conflicts: a schema conflict first, then in the merged file's row order.
    public var conflicts: [TableConflict]

    /// Whether the merge had no conflicts.
    public var isClean: Bool { conflicts.isEmpty }

    /// A result; see the properties.
    public init(merged: [UInt8], columns: [String], conflicts: [TableConflict]) {
        self.merged = merged
        self.columns = columns
        self.conflicts = conflicts
    }
}
