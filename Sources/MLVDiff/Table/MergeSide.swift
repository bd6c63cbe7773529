import MLVFormats

/// One version of a table in a three-way merge: the parsed table, where each column is, and
/// which row holds each key.
struct MergeSide {
    /// `base`, `ours` or `theirs`, for messages.
    let name: String
    let table: CSVTable
    /// Column name → index in the header.
    let columnIndex: [String: Int]
    /// Each row's key values, in key order.
    let rowKeys: [[ArraySlice<UInt8>]]
    /// Key values → row (0-based); looked up only, never iterated.
    let rowByKey: [[ArraySlice<UInt8>]: Int]

    /// Reads `bytes` (dialect sniffed) and indexes its rows by the `keys` columns.
    /// - Throws: `malformed` for bad quoting, ragged rows or repeated column names;
    ///   `invalidArgument` for a missing key column; `duplicateKey` for a repeated key.
    init(bytes: [UInt8], name: String, path: String, keys: [String]) throws(DiffError) {
        self.name = name
        let label = "\(path) (\(name))"
        let dialect = CSVDialect.sniff(bytes.prefix(65_536), pathExtension: TableDiff.pathExtension(of: path))
        _ = try TableScan.header(of: bytes[...], dialect: dialect, path: label)
        let table = try malformedErrors(label) { () throws(FormatsError) in
            let table = try CSVTable(bytes: bytes, dialect: dialect)
            try table.requireRectangular()
            return table
        }
        self.table = table
        columnIndex = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let keyColumns = try TableDiff.keyColumns(keys, in: table.header, version: name, path: path)
        var rowKeys: [[ArraySlice<UInt8>]] = []
        var rowByKey: [[ArraySlice<UInt8>]: Int] = [:]
        for row in 0..<table.rowCount {
            let key = keyColumns.map { table.field(row: row, column: $0) }
            if let earlier = rowByKey[key] {
                throw DiffError(
                    .duplicateKey,
                    "\(path): key \(Self.describe(keys: keys, key.map(RowChangeCollector.string))) appears in rows "
                        + "\(earlier + 1) and \(row + 1) of \(name)")
            }
            rowByKey[key] = row
            rowKeys.append(key)
        }
        self.rowKeys = rowKeys
        self.rowByKey = rowByKey
    }

    /// The columns in file order.
    var columns: [String] { table.header }

    /// The value of `column` in `row`, or nil when this version has no such column.
    func value(row: Int, column: String) -> ArraySlice<UInt8>? {
        columnIndex[column].map { table.field(row: row, column: $0) }
    }

    /// Whether `row` here and `otherRow` of `other` agree on every one of `columns` that both
    /// versions have.
    func agrees(row: Int, with other: MergeSide, row otherRow: Int, on columns: [String]) -> Bool {
        columns.allSatisfy { column in
            guard let mine = value(row: row, column: column), let theirs = other.value(row: otherRow, column: column)
            else { return true }
            return mine == theirs
        }
    }

    /// `id=7, day=2024-01-01`: key names with values.
    static func describe(keys: [String], _ values: [String]) -> String {
        zip(keys, values).map { "\($0)=\(TableDiff.display($1))" }.joined(separator: ", ")
    }
}

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
