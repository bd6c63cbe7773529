/// The cell-by-cell three-way merge of one row of ours with its base and theirs counterparts.
struct CellMerge {
    let base: MergeSide
    let ours: MergeSide
    let theirs: MergeSide
    let keys: [String]
    /// The cell conflicts found by ``merge(row:baseRow:theirRow:columns:)``.
    private(set) var conflicts: [TableConflict] = []

    init(base: MergeSide, ours: MergeSide, theirs: MergeSide, keys: [String]) {
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.keys = keys
    }

    /// The merged values of ours' row `row` in `columns`, with `baseRow` and `theirRow` its
    /// counterparts (nil when absent).
    ///
    /// Per column: only theirs has the column: theirs' value (empty without a row); theirs has
    /// no row or column: ours' value; else the three-way rule: equal sides or an unchanged
    /// theirs keep ours, an unchanged ours takes theirs, anything else is a conflict keeping
    /// ours. A missing base row or column counts as a value no side has.
    mutating func merge(row: Int, baseRow: Int?, theirRow: Int?, columns: [String]) -> [ArraySlice<UInt8>] {
        columns.map { column in
            let theirValue = theirRow.flatMap { theirs.value(row: $0, column: column) }
            guard let ourValue = ours.value(row: row, column: column) else { return theirValue ?? [] }
            guard let theirValue else { return ourValue }
            let baseValue = baseRow.flatMap { base.value(row: $0, column: column) }
            if ourValue == theirValue || theirValue == baseValue { return ourValue }
            if ourValue == baseValue { return theirValue }
            let key = ours.rowKeys[row]
            let (o, t) = (RowChangeCollector.string(ourValue), RowChangeCollector.string(theirValue))
            let b = baseValue.map(RowChangeCollector.string)
            let values = "\(TableDiff.display(o)) in ours and \(TableDiff.display(t)) in theirs"
            let description =
                baseRow == nil
                ? "added in both with \(column) \(values)"
                : "\(column) changed to \(values)" + (b.map { " (base \(TableDiff.display($0)))" } ?? "")
            conflicts.append(
                TableConflict(
                    kind: .cell, key: key.map(RowChangeCollector.string), column: column, base: b, ours: o, theirs: t,
                    description: "row \(TableMerge.describe(keys, key)): \(description)"))
            return ourValue
        }
    }
}
