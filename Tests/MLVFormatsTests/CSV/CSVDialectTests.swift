import MLVFormats
import Testing

@Suite struct CSVDialectTests {
    /// A sample in each dialect and the delimiter sniffing must find.
    static let samples: [(String, String)] = [
        ("comma", "id,name,price\n1,apple,3.5\n2,pear,4\n"),
        ("tab", "id\tname\tprice\n1\tapple, red\t3.5\n2\tpear\t4\n"),
        ("semicolon", "id;name;price\n1;apple;3,5\n2;pear;4,25\n"),
        ("pipe", "id|name|price\n1|apple|3.5\n2|pear|4\n"),
    ]

    @Test("sniffs the delimiter that splits every line alike", arguments: samples)
    func sniff(name: String, text: String) {
        let expected: [String: UInt8] = ["comma": 44, "tab": 9, "semicolon": 59, "pipe": 124]
        #expect(CSVDialect.sniff(Array(text.utf8)[...]).delimiter == expected[name])
    }

    @Test("ignores delimiters inside quotes")
    func quotedDelimiters() {
        let text = "a;b\n\"x,y,z\";1\n\"p,q\";2\n"
        #expect(CSVDialect.sniff(Array(text.utf8)[...]).delimiter == UInt8(ascii: ";"))
    }

    @Test("a tsv or tab extension means tab, whatever the content")
    func extensionHint() {
        let text = Array("a,b\n1,2\n".utf8)[...]
        #expect(CSVDialect.sniff(text, pathExtension: "TSV") == .tsv)
        #expect(CSVDialect.sniff(text, pathExtension: "tab") == .tsv)
        #expect(CSVDialect.sniff(text, pathExtension: "csv") == .csv)
    }

    @Test("falls back to comma when nothing splits the lines")
    func fallback() {
        #expect(CSVDialect.sniff(Array("just text\nmore text\n".utf8)[...]) == .csv)
        #expect(CSVDialect.sniff([]) == .csv)
    }

    @Test("prefers the delimiter the most lines agree on, ties going to the earlier candidate")
    func preference() {
        // Commas agree on 2 of 3 lines, semicolons on all 3.
        let text = "a;b,c\n1;2,3\n4;5\n"
        #expect(CSVDialect.sniff(Array(text.utf8)[...]).delimiter == UInt8(ascii: ";"))
        // Both split every line in two: comma comes first.
        #expect(CSVDialect.sniff(Array("a,b|c\n1,2|3\n".utf8)[...]) == .csv)
    }

    @Test("a last line cut off by the sample does not count")
    func partialLastLine() {
        let text = "a,b\n1,2\n3,4\n5,6,7,8"
        #expect(CSVDialect.consistentFieldCount(in: Array(text.utf8)[...])?.fieldCount == 2)
    }

    @Test("consistent field counts need enough agreeing lines with at least two fields")
    func consistency() {
        #expect(CSVDialect.consistentFieldCount(in: Array("a,b\n1,2\n3,4\n".utf8)[...])?.fieldCount == 2)
        #expect(CSVDialect.consistentFieldCount(in: Array("a,b\n1,2\n".utf8)[...]) == nil)
        #expect(CSVDialect.consistentFieldCount(in: Array("a,b\n1,2\n".utf8)[...], minimumLines: 2) != nil)
        #expect(CSVDialect.consistentFieldCount(in: Array("a,b\n1,2\n3\n".utf8)[...]) == nil)
        #expect(CSVDialect.consistentFieldCount(in: Array("a\nb\nc\n".utf8)[...]) == nil)
    }
}
