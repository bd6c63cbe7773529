import MLVDiff
import Testing

@Suite struct TableDiffKeyedTests {
    static let old = "id,name,price\n1,apple,3.5\n2,pear,4\n3,plum,1\n4,fig,2\n"

    @Test("rows that only moved are unchanged when matched by key")
    func moved() throws {
        let diff = try tableDiff(Self.old, "id,name,price\n3,plum,1\n1,apple,3.5\n4,fig,2\n2,pear,4\n", keys: ["id"])
        #expect(diff.isEmpty && diff.summary == "no changes")
    }

    @Test("modified, added and removed rows carry their key, in the new version's order")
    func changes() throws {
        let new = "id,name,price\n4,fig,2.5\n1,apple,3.5\n5,kiwi,7\n3,plum,1\n"
        let diff = try tableDiff(Self.old, new, keys: ["id"])
        #expect(
            diff.rows == [
                RowChange(
                    kind: .modified, oldRow: 4, newRow: 1, key: ["4"],
                    cells: [CellChange(column: "price", old: "2", new: "2.5")]),
                RowChange(kind: .removed, oldRow: 2, newRow: nil, key: ["2"], values: ["2", "pear", "4"]),
                RowChange(kind: .added, oldRow: nil, newRow: 3, key: ["5"], values: ["5", "kiwi", "7"]),
            ])
        #expect(diff.summary == "+1 row, -1 row, ~1 row")
        #expect(diff.schema.isEmpty)
    }

    @Test("a removed row is listed after the row that follows its old predecessor")
    func removedPlacement() throws {
        let diff = try tableDiff(Self.old, "id,name,price\n1,apple,3.5\n3,plum,1\n4,fig,2\n", keys: ["id"])
        #expect(
            diff.rows == [RowChange(kind: .removed, oldRow: 2, newRow: nil, key: ["2"], values: ["2", "pear", "4"])])
        let first = try tableDiff(Self.old, "id,name,price\n2,pear,4\n3,plum,1\n4,fig,2\n0,nil,0\n", keys: ["id"])
        #expect(first.rows.map(\.kind) == [.removed, .added])
    }

    @Test("composite keys match on all their columns")
    func compositeKey() throws {
        let old = "day,city,temp\n1,a,10\n1,b,11\n2,a,12\n"
        let new = "day,city,temp\n1,b,11\n2,a,13\n1,a,10\n"
        let diff = try tableDiff(old, new, keys: ["day", "city"])
        #expect(
            diff.rows == [
                RowChange(
                    kind: .modified, oldRow: 3, newRow: 2, key: ["2", "a"],
                    cells: [CellChange(column: "temp", old: "12", new: "13")])
            ])
    }

    @Test("a repeated key is an error naming the key and both rows")
    func duplicateKey() {
        let error = #expect(throws: DiffError.self) {
            try tableDiff(Self.old, "id,name,price\n1,apple,3.5\n2,pear,4\n2,pear,5\n", keys: ["id"])
        }
        #expect(error?.code == .duplicateKey)
        #expect(error?.message == "t.csv: key id=2 appears in rows 2 and 3 of the new version")
        let composite = #expect(throws: DiffError.self) {
            try tableDiff("a,b\n1,x y\n1,x y\n", "a,b\n", keys: ["a", "b"])
        }
        #expect(composite?.message == "t.csv: key a=1, b=x y appears in rows 1 and 2 of the old version")
    }

    @Test("a key column missing from a version is an invalid argument")
    func missingKey() {
        let error = #expect(throws: DiffError.self) { try tableDiff(Self.old, "sku,name\n1,a\n", keys: ["id"]) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == "t.csv: key column \"id\" is not in the new version (columns: sku, name)")
    }

    @Test("a key column that changed type still matches rows by its text")
    func keyText() throws {
        let diff = try tableDiff("id,v\n1,a\n2,b\n", "id,v\n01,a\n2,b\n", keys: ["id"])
        #expect(diff.rowsAdded == 1 && diff.rowsRemoved == 1)
    }
}
