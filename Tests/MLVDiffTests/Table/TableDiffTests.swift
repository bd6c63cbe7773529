import MLVDiff
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct TableDiffTests {
    @Test("identical tables have no changes, whatever their quoting, line endings and delimiter")
    func identical() throws {
        let diff = try tableDiff("id,name\n1,\"a\"\n2,b\n", "\"id\";name\r\n1;a\r\n\"2\";\"b\"\r\n")
        #expect(diff.isEmpty && diff.rows.isEmpty && diff.summary == "no changes")
        #expect(diff.oldRows == 2 && diff.newRows == 2)
    }

    @Test("inserted rows are added with their new row numbers and values")
    func inserted() throws {
        let diff = try tableDiff("id,x\n1,a\n2,b\n3,c\n", "id,x\n1,a\n9,z\n2,b\n3,c\n4,d\n")
        #expect(
            diff.rows == [
                RowChange(kind: .added, oldRow: nil, newRow: 2, values: ["9", "z"]),
                RowChange(kind: .added, oldRow: nil, newRow: 5, values: ["4", "d"]),
            ])
        #expect(diff.summary == "+2 rows")
    }

    @Test("deleted rows are removed with their old row numbers")
    func deleted() throws {
        let diff = try tableDiff("id,x\n1,a\n2,b\n3,c\n4,d\n", "id,x\n2,b\n4,d\n")
        #expect(
            diff.rows == [
                RowChange(kind: .removed, oldRow: 1, newRow: nil, values: ["1", "a"]),
                RowChange(kind: .removed, oldRow: 3, newRow: nil, values: ["3", "c"]),
            ])
        #expect(diff.summary == "-2 rows")
    }

    @Test("a row with a changed cell is modified, between inserts and deletes")
    func modified() throws {
        let diff = try tableDiff("id,x,y\n1,a,p\n2,b,q\n3,c,r\n4,d,s\n", "id,x,y\n0,n,n\n1,a,p\n2,B,q\n4,d,s\n")
        #expect(
            diff.rows == [
                RowChange(kind: .added, oldRow: nil, newRow: 1, values: ["0", "n", "n"]),
                RowChange(kind: .modified, oldRow: 2, newRow: 3, cells: [CellChange(column: "x", old: "b", new: "B")]),
                RowChange(kind: .removed, oldRow: 3, newRow: nil, values: ["3", "c", "r"]),
            ])
        #expect(diff.summary == "+1 row, -1 row, ~1 row")
    }

    @Test("without keys a moved row is removed where it was and added where it is")
    func moved() throws {
        let diff = try tableDiff("id,x\n1,a\n2,b\n3,c\n4,d\n", "id,x\n1,a\n3,c\n4,d\n2,b\n")
        #expect(diff.rows.map(\.kind) == [.removed, .added])
        #expect(diff.rows.map(\.oldRow) == [2, nil] && diff.rows.map(\.newRow) == [nil, 4])
    }

    @Test("in a gap, rows pair up as modified only when at least half their cells are equal")
    func pairing() throws {
        // Row 2 keeps 2 of 4 cells (a pair), row 3 keeps 1 of 4 (removed and added).
        let old = "a,b,c,d\n1,1,1,1\n2,2,2,2\n3,3,3,3\n4,4,4,4\n"
        let new = "a,b,c,d\n1,1,1,1\n2,2,x,x\n3,y,y,y\n4,4,4,4\n"
        let diff = try tableDiff(old, new)
        #expect(diff.rows.map(\.kind) == [.modified, .removed, .added])
        #expect(diff.rows[0].cells.map(\.column) == ["c", "d"])
        #expect(diff.rowsModified == 1 && diff.rowsRemoved == 1 && diff.rowsAdded == 1)
    }

    @Test("repeated rows without unique anchors still align")
    func repeatedRows() throws {
        let diff = try tableDiff("v\nx\nx\ny\nx\n", "v\nx\ny\nx\nx\n")
        #expect(diff.rowsAdded == 1 && diff.rowsRemoved == 1 && diff.rowsModified == 0)
    }

    @Test("a change of delimiter alone changes nothing")
    func delimiter() throws {
        let diff = try tableDiff("a\tb\n1\t2\n", "a\tb\n1\t2\n3\t4\n", path: "t.tsv")
        #expect(diff.rows == [RowChange(kind: .added, oldRow: nil, newRow: 2, values: ["3", "4"])])
    }

    @Test("changes past maxRowChanges are counted but not listed")
    func limit() throws {
        let diff = try tableDiff("id\n1\n", "id\n1\n2\n3\n4\n", maxRowChanges: 2)
        #expect(diff.rowsAdded == 3 && diff.rows.count == 2 && diff.omittedRows == 1)
    }

    @Test("empty tables and tables with no shared column")
    func degenerate() throws {
        let fromEmpty = try tableDiff("", "a,b\n1,2\n")
        #expect(fromEmpty.rowsAdded == 1 && fromEmpty.schema.added == ["a", "b"])
        let renamed = try tableDiff("a\n1\n2\n", "b\n1\n2\n")
        #expect(renamed.rowsRemoved == 2 && renamed.rowsAdded == 2 && renamed.rowsModified == 0)
        #expect(renamed.summary == "+2 rows, -2 rows, 2 columns changed")
    }

    @Test("seeded edits at spaced rows are found exactly", arguments: [1, 2, 3])
    func seededEdits(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let old = random.csv(rows: 400, columns: 4)
        var lines = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var expected = (added: 0, removed: 0, modified: 0)
        // Every 10th data row, from the end so earlier indices stay put: insert, delete or modify.
        for row in stride(from: 400, to: 0, by: -10) {
            switch random.int(in: 0...2) {
            case 0:
                lines.insert("new\(row),1,2,3,4", at: row + 1)
                expected.added += 1
            case 1:
                lines.remove(at: row)
                expected.removed += 1
            default:
                var fields = lines[row].split(separator: ",").map(String.init)
                fields[2] = "edited"
                lines[row] = fields.joined(separator: ",")
                expected.modified += 1
            }
        }
        let diff = try tableDiff(old, lines.joined(separator: "\n"))
        #expect(diff.rowsAdded == expected.added)
        #expect(diff.rowsRemoved == expected.removed)
        #expect(diff.rowsModified == expected.modified)
        #expect(diff.rows.filter { $0.kind == .modified }.allSatisfy { $0.cells.map(\.column) == ["c2"] })
    }
}
