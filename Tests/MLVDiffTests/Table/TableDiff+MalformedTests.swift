import MLVDiff
import Testing

@Suite struct TableDiffMalformedTests {
    /// Malformed new versions and the message of the `malformed` error they give.
    static let cases: [(String, String)] = [
        (
            "a,b\n1,2\n3,\"four\n",
            "t.csv: row 2: quoted field 2 starting on line 3 is not closed before the end of the file"
        ),
        (
            "a,b\n\"1\"x,2\n",
            "t.csv: row 1: field 1 has 'x' after its closing quote on line 2; a quote inside a quoted field must be doubled"
        ),
        ("a,b,a\n1,2,3\n", "t.csv: header: column \"a\" appears twice (columns 1 and 3)"),
        ("\"a,b\n", "t.csv: header: quoted field 1 starting on line 1 is not closed before the end of the file"),
    ]

    @Test("a version that is not a valid table is malformed, naming the path and row", arguments: cases)
    func malformed(new: String, message: String) {
        let error = #expect(throws: DiffError.self) { try tableDiff("a,b\n1,2\n", new) }
        #expect(error?.code == .malformed)
        #expect(error?.message == message)
    }

    @Test("the old version is checked too")
    func oldVersion() {
        let error = #expect(throws: DiffError.self) { try tableDiff("a,b\n\"1,2\n", "a,b\n1,2\n", path: "x/y.csv") }
        #expect(error?.message.hasPrefix("x/y.csv: row 1: quoted field 1") == true)
    }

    @Test("ragged rows are read padded with empty values; fields past the header are not compared")
    func ragged() throws {
        let short = try tableDiff("a,b\n1\n2,3\n", "a,b\n1,5\n2,3\n")
        #expect(short.rowsModified == 1)
        #expect(short.rows.first?.cells.map { "\($0.column): \($0.old) → \($0.new)" } == ["b:  → 5"])
        let long = try tableDiff("a,b\n1,2\n", "a,b\n1,2,extra\n")
        #expect(long.isEmpty)
        #expect(try tableDiff("a,b\n1\n", "a,b\n1\n").isEmpty)
    }

    /// Paths, contents and whether they look like a table.
    static let detection: [(String, String, Bool)] = [
        ("data.csv", "not really a table", true),
        ("DATA.TSV", "", true),
        ("x.tab", "a", true),
        ("export.txt", "id;name\n1;a\n2;b\n", true),
        ("noextension", "a\tb\tc\n1\t2\t3\n4\t5\t6\n7\t8\t9\n", true),
        ("notes.txt", "Hello, world\nThis is prose, with commas.\nAnd more lines\n", false),
        ("two-lines.txt", "a,b\n1,2\n", false),
        ("rows.txt", "{\"a\": 1, \"b\": 2}\n{\"a\": 3, \"b\": 4}\n{\"a\": 5, \"b\": 6}\n", false),
        ("rows.jsonl", "a,b\n1,2\n3,4\n", false),
        ("README.md", "| a | b |\n|---|---|\n| 1 | 2 |\n", false),
        ("blob.bin", "a,b\n1,2\n3,4\u{0}\n", false),
    ]

    @Test("tables are recognized by extension or by consistent field counts", arguments: detection)
    func looksLikeTable(path: String, content: String, expected: Bool) {
        #expect(TableDiff.looksLikeTable(path: path, bytes: Array(content.utf8)[...]) == expected)
    }
}
