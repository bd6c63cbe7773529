import MLVDiff
import Testing

@Suite struct TableDiffSchemaTests {
    @Test("an added column is a schema change, not a change of every row")
    func addedColumn() throws {
        let diff = try tableDiff("id,x\n1,a\n2,b\n", "id,x,flag\n1,a,true\n2,b,false\n")
        #expect(diff.schema.added == ["flag"] && diff.schema.removed.isEmpty && !diff.schema.reordered)
        #expect(diff.schema.newTypes == [.integer, .string, .boolean])
        #expect(diff.rows.isEmpty)
        #expect(diff.summary == "1 column changed")
    }

    @Test("a removed column and a changed cell in the remaining ones")
    func removedColumn() throws {
        let diff = try tableDiff("id,x,y\n1,a,p\n2,b,q\n", "id,y\n1,p\n2,Q\n")
        #expect(diff.schema.removed == ["x"])
        #expect(
            diff.rows == [
                RowChange(kind: .modified, oldRow: 2, newRow: 2, cells: [CellChange(column: "y", old: "q", new: "Q")])
            ])
        #expect(diff.summary == "~1 row, 1 column changed")
    }

    @Test("reordered columns count the fewest moved columns, and rows compare by name")
    func reordered() throws {
        let diff = try tableDiff("a,b,c,d\n1,2,3,4\n", "a,c,d,b\n1,3,4,2\n")
        #expect(diff.schema.reordered && diff.schema.moved == ["b"])
        #expect(diff.rows.isEmpty && diff.summary == "1 column changed")
        let swapped = try tableDiff("a,b\n1,2\n", "b,a\n2,1\n")
        #expect(swapped.schema.moved.count == 1)
    }

    @Test("a renamed column is removed and added")
    func renamed() throws {
        let diff = try tableDiff("id,cost\n1,2\n", "id,price\n1,2\n")
        #expect(diff.schema.removed == ["cost"] && diff.schema.added == ["price"])
        #expect(diff.summary == "2 columns changed")
    }

    @Test("type changes are inferred from every value of a column")
    func typeChange() throws {
        let old = "id,price,day,ok\n1,3,2024-01-05,true\n2,4,2024-01-06,false\n"
        let new = "id,price,day,ok\n1,3.5,2024-01-05T10:00:00Z,true\n2,4,soon,\n"
        let diff = try tableDiff(old, new)
        #expect(
            diff.schema.typeChanges == [
                ColumnTypeChange(column: "price", old: .integer, new: .float),
                ColumnTypeChange(column: "day", old: .date, new: .string),
            ])
        #expect(diff.schema.oldTypes == [.integer, .integer, .date, .boolean])
        #expect(diff.summary == "~2 rows, 2 columns changed")
    }

    /// Values and the type each is classified as.
    static let values: [(String, ColumnType)] = [
        ("", .empty), ("12", .integer), ("-3", .integer), ("+4", .integer), ("007", .integer),
        ("3.5", .float), (".5", .float), ("5.", .float), ("-1e-3", .float), ("1E5", .float), ("nan", .float),
        ("-inf", .float), ("Infinity", .float), ("true", .boolean), ("FALSE", .boolean),
        ("2024-01-05", .date), ("2024-01-05T10:20:30Z", .date), ("2024-01-05 10:20", .date),
        ("2024-01-05T10:20:30.123+02:00", .date), ("2024-01-05T10:20:30-0500", .date),
        ("abc", .string), ("1.2.3", .string), ("12a", .string), ("-", .string), (".", .string), ("e5", .string),
        ("1e", .string), ("2024-1-5", .string), ("2024-01-05T", .string), ("2024-01-05T10:20:30.", .string),
        ("2024-01-05Z", .string), ("yes", .string), (" 1", .string), ("0x1F", .string),
    ]

    @Test("values are classified by their text", arguments: values)
    func classify(value: String, type: ColumnType) {
        #expect(ColumnType.classify(Array(value.utf8)[...]) == type)
    }

    @Test("column types join: empty says nothing, integers widen to floats, other mixes are strings")
    func join() {
        #expect(ColumnType.empty.joined(.date) == .date)
        #expect(ColumnType.date.joined(.empty) == .date)
        #expect(ColumnType.integer.joined(.float) == .float)
        #expect(ColumnType.float.joined(.integer) == .float)
        #expect(ColumnType.integer.joined(.boolean) == .string)
        #expect(ColumnType.string.joined(.empty) == .string)
        #expect(ColumnType.boolean.joined(.boolean) == .boolean)
    }
}
