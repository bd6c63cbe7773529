import MLVFormats

/// Three-way, row-level merge of CSV/TSV tables by key columns.
public enum TableMerge {
    /// Merges the changes from `base` to `ours` and from `base` to `theirs`, matching rows by the
    /// `keys` columns.
    ///
    /// Cells: a cell changed on one side takes that side's value; changed on both sides to the
    /// same value, that value; to different values, a ``TableConflict/Kind/cell`` conflict with
    /// ours' value kept. Rows: added on one side are kept (ours in place, theirs' after ours'
    /// rows in theirs' order); added on both with the same key merge cell by cell with no base;
    /// deleted on one side go when the other side left them as in the base, else they stay
    /// as ours has them (kept when ours modified, gone when ours deleted) with a
    /// `deletedByTheirs`/`deletedByOurs` conflict. Columns: a change of the column set made by one
    /// side (or the same by both) applies; different changes on both sides are a `schema`
    /// conflict and ours' columns stay. See ``TableMergeResult`` for the output's shape.
    /// - Throws: `invalidArgument` without keys or when a key column is missing from a version;
    ///   `malformed` (`"<path> (theirs): row N: …"`) when a version is not a valid rectangular
    ///   table; `duplicateKey` when a version repeats a key.
    /// - Complexity: O(n) expected in the rows of the three versions; holds all three tables'
    ///   field ranges (16 bytes per field).
    public static func merge(
        base: [UInt8], ours: [UInt8], theirs: [UInt8], keys: [String], path: String
    ) throws(DiffError) -> TableMergeResult {
        guard !keys.isEmpty else { throw DiffError(.invalidArgument, "\(path): a table merge needs key columns") }
        let base = try MergeSide(bytes: base, name: "base", path: path, keys: keys)
        let ours = try MergeSide(bytes: ours, name: "ours", path: path, keys: keys)
        let theirs = try MergeSide(bytes: theirs, name: "theirs", path: path, keys: keys)
        var conflicts: [TableConflict] = []
        let columns = mergedColumns(base: base, ours: ours, theirs: theirs, conflicts: &conflicts)
        let table = ours.table
        var writer = CSVWriter(dialect: table.dialect, usesCRLF: table.usesCRLF, byteOrderMark: table.hasByteOrderMark)
        let sameColumns = columns == ours.columns
        if sameColumns { writer.writeRaw(table.bytes[table.headerRange]) } else { writer.write(strings: columns) }
        for row in 0..<table.rowCount {
            let key = ours.rowKeys[row]
            let baseRow = base.rowByKey[key]
            let theirRow = theirs.rowByKey[key]
            if let baseRow, theirRow == nil {
                if ours.agrees(row: row, with: base, row: baseRow, on: base.columns) { continue }
                conflicts.append(
                    TableConflict(
                        kind: .deletedByTheirs, key: key.map(RowChangeCollector.string),
                        description: "row \(describe(keys, key)): deleted in theirs, modified in ours"))
            }
            var cells = CellMerge(base: base, ours: ours, theirs: theirs, keys: keys)
            let values = cells.merge(row: row, baseRow: baseRow, theirRow: theirRow, columns: columns)
            conflicts += cells.conflicts
            if sameColumns, (0..<values.count).allSatisfy({ values[$0] == table.field(row: row, column: $0) }) {
                writer.writeRaw(table.bytes[table.recordRanges[row]])
            } else {
                writer.write(values)
            }
        }
        for row in 0..<theirs.table.rowCount where ours.rowByKey[theirs.rowKeys[row]] == nil {
            let key = theirs.rowKeys[row]
            if let baseRow = base.rowByKey[key] {
                if !theirs.agrees(row: row, with: base, row: baseRow, on: base.columns) {
                    conflicts.append(
                        TableConflict(
                            kind: .deletedByOurs, key: key.map(RowChangeCollector.string),
                            description: "row \(describe(keys, key)): deleted in ours, modified in theirs"))
                }
                continue
            }
            writer.write(columns.map { theirs.value(row: row, column: $0) ?? [] })
        }
        return TableMergeResult(merged: writer.bytes, columns: columns, conflicts: conflicts)
    }

    /// The merged file's columns: ours', changed by theirs' column change when only theirs
    /// changed the column set (theirs' removals dropped, theirs' additions appended in theirs'
    /// order). Both changed to different sets: ours' columns and a schema conflict.
    static func mergedColumns(
        base: MergeSide, ours: MergeSide, theirs: MergeSide, conflicts: inout [TableConflict]
    ) -> [String] {
        let (baseSet, ourSet, theirSet) = (Set(base.columns), Set(ours.columns), Set(theirs.columns))
        let oursChanged = ourSet != baseSet
        let theirsChanged = theirSet != baseSet
        if theirsChanged, !oursChanged {
            return ours.columns.filter { theirSet.contains($0) } + theirs.columns.filter { !ourSet.contains($0) }
        }
        if oursChanged, theirsChanged, ourSet != theirSet {
            let (b, o, t) = (
                base.columns.joined(separator: ", "), ours.columns.joined(separator: ", "),
                theirs.columns.joined(separator: ", ")
            )
            conflicts.append(
                TableConflict(
                    kind: .schema, key: [], base: b, ours: o, theirs: t,
                    description: "columns changed on both sides: ours has \(o); theirs has \(t) (base \(b))"))
        }
        return ours.columns
    }

    /// `id=7, day=2024-01-01` for a key.
    static func describe(_ keys: [String], _ key: [ArraySlice<UInt8>]) -> String {
        MergeSide.describe(keys: keys, key.map(RowChangeCollector.string))
    }
}

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
