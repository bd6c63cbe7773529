/// Turns matched rows of two scanned versions into counted row changes, materializing the values
/// of at most `limit` of them.
struct RowChangeCollector {
    let old: TableScan
    let new: TableScan
    let columns: SharedColumns
    /// Key column indices in each version; empty without keys.
    let keyColumns: (old: [Int], new: [Int])
    let limit: Int
    /// The shared columns as (old index, new index, name) in the new version's order, the order
    /// modified cells are listed in.
    private let cellOrder: [(old: Int, new: Int, name: String)]

    private(set) var changes: [RowChange] = []
    private(set) var added = 0
    private(set) var removed = 0
    private(set) var modified = 0

    init(old: TableScan, new: TableScan, columns: SharedColumns, keyColumns: (old: [Int], new: [Int]), limit: Int) {
        self.old = old
        self.new = new
        self.columns = columns
        self.keyColumns = keyColumns
        self.limit = max(0, limit)
        cellOrder = columns.old.indices.map { (columns.old[$0], columns.new[$0], columns.names[$0]) }
            .sorted { $0.new < $1.new }
    }

    /// Collects the changes of a content alignment (`matches[oldRow]` is the matching new row or
    /// -1, increasing), walking both versions in order; each gap between matched rows goes
    /// through ``collectGap(old:new:)``.
    /// - Complexity: O(n + m), plus O(k) in the bytes of the rows in gaps.
    mutating func collect(alignment matches: [Int32]) {
        var oldRow = 0
        var newRow = 0
        while oldRow < old.rowCount || newRow < new.rowCount {
            if oldRow < old.rowCount, Int(matches[oldRow]) == newRow {
                oldRow += 1
                newRow += 1
                continue
            }
            var oldEnd = oldRow
            while oldEnd < old.rowCount, matches[oldEnd] < 0 { oldEnd += 1 }
            let newEnd = oldEnd < old.rowCount ? Int(matches[oldEnd]) : new.rowCount
            collectGap(old: oldRow..<oldEnd, new: newRow..<newEnd)
            oldRow = oldEnd
            newRow = newEnd
        }
    }

    /// Collects a gap of removed rows `old` and added rows `new`: the k-th of each pair up as a
    /// modified row when at least half of their shared cells are equal; the rest stay removed
    /// and added, listed before the next modified row (removed first).
    mutating func collectGap(old oldRows: Range<Int>, new newRows: Range<Int>) {
        // Row numbers only: values are read again when kept, so a gap of millions stays small.
        var pendingRemoved: [Int] = []
        var pendingAdded: [Int] = []
        for offset in 0..<max(oldRows.count, newRows.count) {
            let (oldRow, newRow) = (oldRows.lowerBound + offset, newRows.lowerBound + offset)
            if offset < oldRows.count, offset < newRows.count {
                let (oldValues, newValues) = (old.values(row: oldRow), new.values(row: newRow))
                let equal = cellOrder.count { oldValues[$0.old] == newValues[$0.new] }
                if !cellOrder.isEmpty, 2 * equal >= cellOrder.count {
                    flush(&pendingRemoved, &pendingAdded)
                    if equal < cellOrder.count { addModified(oldRow: oldRow, newRow: newRow, oldValues, newValues) }
                    continue
                }
            }
            if offset < oldRows.count { pendingRemoved.append(oldRow) }
            if offset < newRows.count { pendingAdded.append(newRow) }
        }
        flush(&pendingRemoved, &pendingAdded)
    }

    private mutating func flush(_ pendingRemoved: inout [Int], _ pendingAdded: inout [Int]) {
        for row in pendingRemoved { addRemoved(oldRow: row) }
        for row in pendingAdded { addAdded(newRow: row) }
        pendingRemoved.removeAll()
        pendingAdded.removeAll()
    }

    /// Counts old row `oldRow` (0-based) as removed, listing it while there is room.
    mutating func addRemoved(oldRow: Int) {
        removed += 1
        guard changes.count < limit else { return }
        let values = old.values(row: oldRow)
        changes.append(
            RowChange(
                kind: .removed, oldRow: oldRow + 1, newRow: nil, key: keyColumns.old.map { Self.string(values[$0]) },
                values: values.map(Self.string)))
    }

    /// Counts new row `newRow` (0-based) as added, listing it while there is room.
    mutating func addAdded(newRow: Int) {
        added += 1
        guard changes.count < limit else { return }
        let values = new.values(row: newRow)
        changes.append(
            RowChange(
                kind: .added, oldRow: nil, newRow: newRow + 1, key: keyColumns.new.map { Self.string(values[$0]) },
                values: values.map(Self.string)))
    }

    /// Counts the pair as modified, listing it with its changed cells while there is room.
    mutating func addModified(
        oldRow: Int, newRow: Int, _ oldValues: [ArraySlice<UInt8>], _ newValues: [ArraySlice<UInt8>]
    ) {
        modified += 1
        guard changes.count < limit else { return }
        let cells = cellOrder.compactMap { column -> CellChange? in
            let (before, after) = (oldValues[column.old], newValues[column.new])
            return before == after
                ? nil : CellChange(column: column.name, old: Self.string(before), new: Self.string(after))
        }
        changes.append(
            RowChange(
                kind: .modified, oldRow: oldRow + 1, newRow: newRow + 1,
                key: keyColumns.new.map { Self.string(newValues[$0]) }, cells: cells))
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
}

/// Matching rows by key columns.
extension RowChangeCollector {
    /// Collects the changes when rows are matched by key: a key only in the new version is an
    /// added row, only in the old a removed row, in both with different shared values a modified
    /// row. Changes are listed in the new version's order, each removed row after the row that
    /// follows its old predecessor (or first).
    /// - Throws: `duplicateKey` naming the key and both rows when a version repeats a key.
    /// - Complexity: O(n + m) expected, plus O(c log c) to order c changes.
    mutating func collectKeyed(path: String, keyNames: [String]) throws(DiffError) {
        // The old version's table only checks its keys are unique.
        _ = try Self.keyTable(old, keyColumns.old, keyNames: keyNames, version: "old", path: path)
        let newTable = try Self.keyTable(new, keyColumns.new, keyNames: keyNames, version: "new", path: path)
        // A change as (position, old row, new row): position orders the listing; -1 is "none".
        var events: [(position: Int, old: Int, new: Int)] = []
        var matchedNew = [Bool](repeating: false, count: new.rowCount)
        var lastMatchedNew = -1
        for oldRow in 0..<old.rowCount {
            guard let slot = newTable.find(old.keyHashes[oldRow]) else {
                events.append((2 * (lastMatchedNew + 1) + 1, oldRow, -1))
                continue
            }
            let newRow = Int(newTable.first[slot])
            matchedNew[newRow] = true
            lastMatchedNew = newRow
            if old.rowHashes[oldRow] != new.rowHashes[newRow] { events.append((2 * (newRow + 1), oldRow, newRow)) }
        }
        for newRow in 0..<new.rowCount where !matchedNew[newRow] { events.append((2 * (newRow + 1), -1, newRow)) }
        events.sort { ($0.position, $0.old) < ($1.position, $1.old) }
        for event in events {
            switch (event.old, event.new) {
            case (-1, let newRow): addAdded(newRow: newRow)
            case (let oldRow, -1): addRemoved(oldRow: oldRow)
            case (let oldRow, let newRow):
                let (oldValues, newValues) = (old.values(row: oldRow), new.values(row: newRow))
                if keyColumns.old.map({ oldValues[$0] }) == keyColumns.new.map({ newValues[$0] }) {
                    addModified(oldRow: oldRow, newRow: newRow, oldValues, newValues)
                } else {
                    // Different keys with the same 64-bit hash: not the same row after all.
                    addRemoved(oldRow: oldRow)
                    addAdded(newRow: newRow)
                }
            }
        }
    }

    /// A table from each row's key hash to the row, checking that no two rows share a key.
    /// - Throws: `duplicateKey` for two rows with equal keys.
    private static func keyTable(
        _ scan: TableScan, _ columns: [Int], keyNames: [String], version: String, path: String
    ) throws(DiffError) -> RowHashTable {
        var table = RowHashTable(entries: scan.rowCount)
        for row in 0..<scan.rowCount {
            let slot = table.insert(scan.keyHashes[row])
            let earlier = Int(table.first[slot])
            if earlier >= 0 {
                let key = columns.map { scan.values(row: row)[$0] }
                let described = zip(keyNames, key).map { "\($0)=\(string($1))" }.joined(separator: ", ")
                guard key == columns.map({ scan.values(row: earlier)[$0] }) else {
                    throw DiffError(
                        .invalidArgument,
                        "\(path): keys of rows \(earlier + 1) and \(row + 1) of the \(version) version have the same "
                            + "64-bit hash; diff without keys")
                }
                throw DiffError(
                    .duplicateKey,
                    "\(path): key \(described) appears in rows \(earlier + 1) and \(row + 1) of the \(version) version")
            }
            table.setFirst(slot, Int32(truncatingIfNeeded: row))
        }
        return table
    }
}
