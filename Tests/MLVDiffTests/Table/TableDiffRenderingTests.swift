import MLVDiff
import Testing

@Suite struct TableDiffRenderingTests {
    static let old = #"""
        id,name,price,qty
        1,apple,3.5,10
        2,pear,4,3
        3,plum,1,7
        4,"fig, dried",2,0
        5,kiwi,7,1

        """#
    static let new = #"""
        id,name,price,qty
        1,apple,3.75,10
        3,plum,1,7
        4,"fig, dried",2,0
        6,lime,,2
        5,kiwi,7,1
        7,"say ""hi""",9,1

        """#

    /// Counts and the summary they give.
    static let summaries: [(Int, Int, Int, String)] = [
        (0, 0, 0, "no changes"), (120, 3, 45, "+120 rows, -3 rows, ~45 rows"), (1, 0, 0, "+1 row"),
        (0, 1, 1, "-1 row, ~1 row"), (0, 0, 2, "~2 rows"),
    ]

    @Test("the summary leaves out zero counts and says row for one", arguments: summaries)
    func summary(added: Int, removed: Int, modified: Int, expected: String) throws {
        var diff = try tableDiff("a\n", "a\n")
        (diff.rowsAdded, diff.rowsRemoved, diff.rowsModified) = (added, removed, modified)
        #expect(diff.summary == expected)
    }

    @Test("the summary counts changed columns, singular for one")
    func columnSummary() throws {
        #expect(try tableDiff("a,b\n1,2\n", "a,c,b\n1,3,2\n").summary == "1 column changed")
        var diff = try tableDiff("a,b\n1,2\n", "b,c,d\n2,3,4\n")
        #expect(diff.summary == "3 columns changed")
        diff.rowsAdded = 120
        #expect(diff.summary == "+120 rows, 3 columns changed")
    }

    @Test("renders rows aligned by content")
    func renderedUnkeyed() throws {
        let diff = try tableDiff(Self.old, Self.new)
        assertTableGolden(diff.rendered(maxRows: 10, color: false), named: "renderedUnkeyed")
    }

    @Test("renders rows matched by key, with the key")
    func renderedKeyed() throws {
        let diff = try tableDiff(Self.old, Self.new, keys: ["id"])
        assertTableGolden(diff.rendered(maxRows: 10, color: false), named: "renderedKeyed")
    }

    @Test("renders schema changes before the rows")
    func renderedSchema() throws {
        let new =
            "qty,id,name,price,origin\n10,1,apple,3.5,es\n3,2,pear,4.5,fr\n7,3,plum,1,\n0,4,\"fig, dried\",2,tr\n1,5,kiwi,7,nz\n"
        let diff = try tableDiff(Self.old, new, keys: ["id"])
        assertTableGolden(diff.rendered(maxRows: 10, color: false), named: "renderedSchema")
    }

    @Test("pages: at most maxRows row lines, then how many more")
    func renderedPaged() throws {
        let diff = try tableDiff(Self.old, Self.new)
        assertTableGolden(diff.rendered(maxRows: 2, color: false), named: "renderedPaged")
        #expect(diff.rendered(maxRows: 0, color: false).hasSuffix("… and 4 more rows\n"))
        #expect(diff.rendered(maxRows: 3, color: false).hasSuffix("… and 1 more row\n"))
        #expect(!diff.rendered(maxRows: 4, color: false).contains("more row"))
    }

    @Test("colors row lines and schema lines only when asked")
    func renderedColor() throws {
        let diff = try tableDiff("id,x\n1,a\n2,b\n3,c\n", "id,x,y\n1,A,\n3,c,\n4,d,\n", keys: ["id"])
        assertTableGolden(diff.rendered(maxRows: 10, color: true), named: "renderedColor")
        #expect(!diff.rendered(maxRows: 10, color: false).contains("\u{1B}"))
    }

    @Test("a modified row that moved without keys shows its old row number")
    func renderedMovedModified() throws {
        let diff = try tableDiff("id,x,y\n1,a,p\n2,b,q\n", "id,x,y\n0,n,n\n1,a,p\n2,B,q\n")
        #expect(
            diff.rendered(maxRows: 5, color: false)
                == "+1 row, ~1 row\n+ row 1: id=0, x=n, y=n\n~ row 3 (was 2): x b → B\n")
    }

    /// Values and how row lines show them.
    static let displays: [(String, String)] = [
        ("plain", "plain"), ("with space", "with space"), ("", "\"\""), (" edge", "\" edge\""), ("a,b", "\"a,b\""),
        ("x=y", "\"x=y\""), ("say \"hi\"", "\"say \\\"hi\\\"\""), ("two\nlines", "\"two\\nlines\""),
        ("tab\there", "\"tab\\there\""), ("bell\u{7}", "\"bell\\u{7}\""), ("back\\slash", "\"back\\\\slash\""),
        ("a → b", "\"a → b\""), (String(repeating: "x", count: 61), String(repeating: "x", count: 59) + "…"),
    ]

    @Test("values in row lines are quoted and escaped when they would be ambiguous", arguments: displays)
    func display(value: String, expected: String) throws {
        let diff = try tableDiff(
            "v\n", "v\n" + (value.isEmpty ? "\"\"" : "\"\(value.replacing("\"", with: "\"\""))\"") + "\n")
        let lines = diff.rendered(maxRows: 1, color: false).split(separator: "\n")
        #expect(lines.last == "+ row 1: v=\(expected)")
    }
}
