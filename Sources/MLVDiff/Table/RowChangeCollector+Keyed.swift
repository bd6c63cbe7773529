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
