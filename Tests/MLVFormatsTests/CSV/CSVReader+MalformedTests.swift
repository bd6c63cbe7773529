import MLVFormats
import Testing

@Suite struct CSVReaderMalformedTests {
    @Test("an unterminated quote at the end of the file names the row, field and line")
    func unterminated() {
        let error = #expect(throws: FormatsError.self) { try records("id,note\n1,ok\n2,\"never\nclosed\n") }
        #expect(error?.code == .malformed)
        #expect(error?.message == "row 2: quoted field 2 starting on line 3 is not closed before the end of the file")
    }

    @Test("an unterminated quote in the header names the header")
    func unterminatedHeader() {
        let error = #expect(throws: FormatsError.self) { try records("\"id,note\n1,2\n") }
        #expect(error?.message == "header: quoted field 1 starting on line 1 is not closed before the end of the file")
    }

    @Test("text after a closing quote is malformed")
    func textAfterQuote() {
        let error = #expect(throws: FormatsError.self) { try records("a,b\n\"x\"y,2\n") }
        #expect(error?.code == .malformed)
        #expect(
            error?.message
                == "row 1: field 1 has 'y' after its closing quote on line 2; a quote inside a quoted field must be doubled"
        )
        let control = #expect(throws: FormatsError.self) { try records("a\n\"x\"\u{1}\n") }
        #expect(control?.message.hasPrefix("row 1: field 1 has byte 0x1 after its closing quote") == true)
    }

    @Test("a lone quote at the very end is unterminated")
    func loneQuote() {
        let error = #expect(throws: FormatsError.self) { try records("a\n\"") }
        #expect(error?.message == "row 1: quoted field 1 starting on line 2 is not closed before the end of the file")
    }

    @Test("a ragged table names the first ragged row with both counts")
    func raggedTable() throws {
        let table = try CSVTable(bytes: Array("a,b,c\n1,2,3\n4,5\n\n6,7,8,9\n".utf8), dialect: .csv)
        #expect(
            table.raggedRows == [
                CSVTable.RaggedRow(row: 2, line: 3, fieldCount: 2), CSVTable.RaggedRow(row: 3, line: 5, fieldCount: 4),
            ])
        let error = #expect(throws: FormatsError.self) { try table.requireRectangular() }
        #expect(error?.code == .malformed)
        #expect(error?.message == "row 2: 2 fields, but the header has 3 (line 3)")
    }

    @Test("a table needs a header")
    func noHeader() {
        let error = #expect(throws: FormatsError.self) { try CSVTable(bytes: Array("\n\n".utf8), dialect: .csv) }
        #expect(error?.message == "the table has no header row")
    }
}
