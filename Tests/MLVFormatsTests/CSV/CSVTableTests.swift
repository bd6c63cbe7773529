import MLVFormats
import Testing

@Suite struct CSVTableTests {
    @Test("holds the header and every row's values")
    func table() throws {
        let table = try CSVTable(bytes: Array("id,note\n1,\"a \"\"b\"\"\"\n2,\"x\ny\"\n".utf8), dialect: .csv)
        #expect(table.header == ["id", "note"])
        #expect(table.rowCount == 2)
        #expect(table.strings(row: 0) == ["1", "a \"b\""])
        #expect(table.strings(row: 1) == ["2", "x\ny"])
        #expect(table.string(row: 1, column: 5).isEmpty)
        #expect(table.raggedRows.isEmpty && !table.usesCRLF && !table.hasByteOrderMark)
        #expect(table.headerRange == 0..<7)
    }

    @Test("notes CRLF line breaks and a byte order mark")
    func lineEndings() throws {
        let table = try CSVTable(bytes: CSVReader.byteOrderMark + Array("a,b\r\n1,2\r\n".utf8), dialect: .csv)
        #expect(table.usesCRLF && table.hasByteOrderMark)
        #expect(table.header == ["a", "b"] && table.strings(row: 0) == ["1", "2"])
        #expect(table.recordRanges == [8..<11])
    }
}
