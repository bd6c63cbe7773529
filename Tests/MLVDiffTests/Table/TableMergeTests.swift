import MLVDiff
import Testing

@Suite struct TableMergeTests {
    static let base = "id,name,price\n1,apple,3.5\n2,pear,4\n3,plum,1\n"

    func merge(_ ours: String, _ theirs: String, base: String = base, keys: [String] = ["id"]) throws(DiffError)
        -> TableMergeResult
    {
        try TableMerge.merge(
            base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), keys: keys, path: "t.csv")
    }

    func text(_ result: TableMergeResult) -> String { String(decoding: result.merged, as: UTF8.self) }

    @Test("edits to different cells and rows from both sides combine")
    func cleanCombine() throws {
        let ours = "id,name,price\n1,apple,3.75\n2,pear,4\n3,plum,1\n4,fig,2\n"
        let theirs = "id,name,price\n1,Apple,3.5\n3,plum,1.25\n5,kiwi,7\n2,pear,4\n"
        let result = try merge(ours, theirs)
        #expect(result.isClean)
        #expect(text(result) == "id,name,price\n1,Apple,3.75\n2,pear,4\n3,plum,1.25\n4,fig,2\n5,kiwi,7\n")
    }

    @Test("one cell changed to different values is a conflict keeping ours")
    func sameCellConflict() throws {
        let result = try merge(
            "id,name,price\n1,apple,3.75\n2,pear,4\n3,plum,1\n", "id,name,price\n1,apple,4\n2,pear,4\n3,plum,2\n")
        #expect(text(result) == "id,name,price\n1,apple,3.75\n2,pear,4\n3,plum,2\n")
        #expect(
            result.conflicts == [
                TableConflict(
                    kind: .cell, key: ["1"], column: "price", base: "3.5", ours: "3.75", theirs: "4",
                    description: "row id=1: price changed to 3.75 in ours and 4 in theirs (base 3.5)")
            ])
    }

    @Test("the same change on both sides is no conflict")
    func sameChange() throws {
        let both = "id,name,price\n1,apple,3.75\n2,pear,4\n3,plum,1\n6,lime,1\n"
        let result = try merge(both, both)
        #expect(result.isClean && text(result) == both)
    }

    @Test("a row deleted on one side and modified on the other is a conflict; unmodified it goes")
    func deleteVersusModify() throws {
        let theirsDeleted = try merge(
            "id,name,price\n1,apple,3.5\n2,pear,5\n3,plum,1\n", "id,name,price\n1,apple,3.5\n3,plum,1\n")
        #expect(text(theirsDeleted) == "id,name,price\n1,apple,3.5\n2,pear,5\n3,plum,1\n")
        #expect(theirsDeleted.conflicts.map(\.kind) == [.deletedByTheirs])
        #expect(theirsDeleted.conflicts.first?.description == "row id=2: deleted in theirs, modified in ours")
        let oursDeleted = try merge(
            "id,name,price\n1,apple,3.5\n3,plum,1\n", "id,name,price\n1,apple,3.5\n2,pear,5\n3,plum,1\n")
        #expect(text(oursDeleted) == "id,name,price\n1,apple,3.5\n3,plum,1\n")
        #expect(oursDeleted.conflicts.map(\.kind) == [.deletedByOurs])
        let clean = try merge("id,name,price\n1,apple,3.5\n3,plum,1\n", Self.base)
        #expect(clean.isClean && text(clean) == "id,name,price\n1,apple,3.5\n3,plum,1\n")
        let bothDeleted = try merge("id,name,price\n1,apple,3.5\n", "id,name,price\n1,apple,3.5\n3,plum,1\n")
        #expect(bothDeleted.isClean && text(bothDeleted) == "id,name,price\n1,apple,3.5\n")
    }

    @Test("a row added on both sides with different values conflicts cell by cell")
    func addedOnBothSides() throws {
        let result = try merge(Self.base + "9,fig,2\n", Self.base + "9,fig,3\n")
        #expect(result.conflicts.map(\.description) == ["row id=9: added in both with price 2 in ours and 3 in theirs"])
        #expect(result.conflicts.first?.base == nil)
    }

    @Test("a column change made by theirs alone applies; ours' dialect and order stay")
    func theirSchemaChange() throws {
        let ours = "price;id;name\r\n3.5;1;apple\r\n4;2;\"pear; green\"\r\n1;3;plum\r\n"
        let theirs = "id,price,qty\n1,3.5,10\n2,4.5,3\n3,1,7\n"
        let result = try merge(ours, theirs)
        #expect(result.isClean && result.columns == ["price", "id", "qty"])
        #expect(text(result) == "price;id;qty\r\n3.5;1;10\r\n4.5;2;3\r\n1;3;7\r\n")
    }

    @Test("different column changes on both sides are a schema conflict keeping ours' columns")
    func schemaConflict() throws {
        let result = try merge(
            "id,name,price,qty\n1,apple,3.5,1\n2,pear,4,2\n3,plum,1,3\n", "id,price\n1,3.5\n2,4\n3,9\n")
        #expect(result.columns == ["id", "name", "price", "qty"])
        #expect(result.conflicts.map(\.kind) == [.schema])
        #expect(
            result.conflicts.first?.description
                == "columns changed on both sides: ours has id, name, price, qty; theirs has id, price (base id, name, price)"
        )
        #expect(text(result) == "id,name,price,qty\n1,apple,3.5,1\n2,pear,4,2\n3,plum,9,3\n")
    }

    @Test("unchanged rows keep ours' bytes, quoting included")
    func keepsOurBytes() throws {
        let ours = "id,name,price\n\"1\",\"apple\",3.5\n2,pear,4\n3,plum,1\n"
        let result = try merge(ours, "id,name,price\n1,apple,3.5\n2,pear,4.25\n3,plum,1\n")
        #expect(text(result) == "id,name,price\n\"1\",\"apple\",3.5\n2,pear,4.25\n3,plum,1\n")
    }

    @Test("bad input: no keys, a missing key column, a repeated key, a malformed version")
    func errors() {
        let noKeys = #expect(throws: DiffError.self) { try merge(Self.base, Self.base, keys: []) }
        #expect(noKeys?.code == .invalidArgument && noKeys?.message == "t.csv: a table merge needs key columns")
        let missing = #expect(throws: DiffError.self) { try merge(Self.base, "sku,name\n1,a\n") }
        #expect(missing?.message == "t.csv: key column \"id\" is not in the theirs version (columns: sku, name)")
        let repeated = #expect(throws: DiffError.self) { try merge(Self.base + "1,again,0\n", Self.base) }
        #expect(
            repeated?.code == .duplicateKey && repeated?.message == "t.csv: key id=1 appears in rows 1 and 4 of ours")
        let malformed = #expect(throws: DiffError.self) { try merge(Self.base, Self.base + "4,fig\n") }
        #expect(malformed?.code == .malformed)
        #expect(malformed?.message == "t.csv (theirs): row 4: 2 fields, but the header has 3 (line 5)")
    }
}
