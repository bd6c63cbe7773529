import MLVDiff
import Testing

@Suite struct TableDiffMalformedTests {
    /// Malformed new versions and the message of the `malformed` error they give.
    static let cases: [(String, String)] = [
        (
            "a,b\n1,2\n3,\"four\n",
            "t.csv: row 2: quoted field 2 starting on line 3 is not closed before the end of the file"
        ),
        ("a,b\n1,2,3\n", "t.csv: row 1: 3 fields, but the header has 2 (line 2)"),
        ("a,b\n1,2\n\n4\n", "t.csv: row 2: 1 field, but the header has 2 (line 4)"),
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
        let error = #expect(throws: DiffError.self) { try tableDiff("a,b\n1\n", "a,b\n1,2\n", path: "x/y.csv") }
        #expect(error?.message == "x/y.csv: row 1: 1 field, but the header has 2 (line 2)")
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
