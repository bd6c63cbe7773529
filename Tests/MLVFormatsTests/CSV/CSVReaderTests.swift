import MLVFormats
import Testing

/// Every record of `text` as strings, read with `dialect`.
func records(_ text: String, dialect: CSVDialect = .csv) throws(FormatsError) -> [[String]] {
    var reader = CSVReader(bytes: Array(text.utf8), dialect: dialect)
    var result: [[String]] = []
    while try reader.next() { result.append(reader.strings()) }
    return result
}

@Suite struct CSVReaderTests {
    @Test("splits plain records on the delimiter, keeping empty fields")
    func plain() throws {
        #expect(try records("a,b,c\n1,,3\n,,\n") == [["a", "b", "c"], ["1", "", "3"], ["", "", ""]])
        #expect(try records("a,b,\n") == [["a", "b", ""]])
    }

    @Test("reads quoted fields with delimiters, doubled quotes and line breaks")
    func quoted() throws {
        let text = "name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"two\nlines\",\"\"\n"
        #expect(try records(text) == [["name", "note"], ["Smith, J", "said \"hi\""], ["two\nlines", ""]])
    }

    @Test("gives quoted field ranges without the quotes and flags only fields with doubled quotes")
    func ranges() throws {
        let bytes = Array("\"a\",\"b\"\"c\",d\n".utf8)
        var reader = CSVReader(bytes: bytes, dialect: .csv, hasHeader: false)
        #expect(try reader.next())
        #expect(reader.fields == [1..<2, 5..<9, 11..<12])
        #expect(reader.escapedFields == [1])
        #expect(!reader.needsUnescaping(0) && reader.needsUnescaping(1))
        #expect(Array(reader.rawField(1)) == Array("b\"\"c".utf8))
        #expect(reader.field(1) == Array("b\"c".utf8))
        #expect(reader.recordRange == 0..<12)
        #expect(try !reader.next())
    }

    @Test("accepts LF, CRLF and lone CR line breaks, and a last record without one")
    func lineBreaks() throws {
        let expected = [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]]
        #expect(try records("a,b\r\n1,2\r\n3,4\r\n5,6\r\n") == expected)
        #expect(try records("a,b\r1,2\n3,4\r\n5,6") == expected)
        #expect(try records("a,b\n1,2\n3,4\n5,6") == expected)
    }

    @Test("skips a UTF-8 byte order mark and blank lines")
    func bomAndBlankLines() throws {
        let bytes = CSVReader.byteOrderMark + Array("id,x\n\n1,2\r\n\r\n\n3,4\n\n".utf8)
        var reader = CSVReader(bytes: bytes, dialect: .csv)
        var rows: [[String]] = []
        var lines: [Int] = []
        while try reader.next() {
            rows.append(reader.strings())
            lines.append(reader.lineNumber)
        }
        #expect(rows == [["id", "x"], ["1", "2"], ["3", "4"]])
        #expect(lines == [1, 3, 6])
    }

    @Test("numbers rows from 1 after a header and counts lines inside quoted fields")
    func numbering() throws {
        var reader = CSVReader(bytes: Array("h\n\"a\nb\nc\"\nd\n".utf8), dialect: .csv)
        #expect(try reader.next())
        #expect(reader.rowNumber == 0 && reader.rowLabel == "header")
        #expect(try reader.next())
        #expect(reader.rowNumber == 1 && reader.lineNumber == 2 && reader.rowLabel == "row 1")
        #expect(try reader.next())
        #expect(reader.rowNumber == 2 && reader.lineNumber == 5)
        var plain = CSVReader(bytes: Array("a\nb\n".utf8), dialect: .csv, hasHeader: false)
        #expect(try plain.next())
        #expect(plain.rowNumber == 1 && plain.rowLabel == "row 1")
    }

    @Test("reads tab-, semicolon- and pipe-separated values")
    func otherDelimiters() throws {
        #expect(try records("a\tb\n1,5\t\"x\ty\"\n", dialect: .tsv) == [["a", "b"], ["1,5", "x\ty"]])
        let semicolon = CSVDialect(delimiter: UInt8(ascii: ";"))
        #expect(try records("a;b\n1,5;2\n", dialect: semicolon) == [["a", "b"], ["1,5", "2"]])
        #expect(
            try records("a|b\n1|2\n", dialect: CSVDialect(delimiter: UInt8(ascii: "|"))) == [["a", "b"], ["1", "2"]])
    }

    @Test("takes a quote inside an unquoted field literally")
    func strayQuote() throws {
        #expect(try records("size\n5\"\n") == [["size"], ["5\""]])
    }

    @Test("hands out ragged records as they are")
    func ragged() throws {
        #expect(try records("a,b,c\n1,2\n1,2,3,4\n") == [["a", "b", "c"], ["1", "2"], ["1", "2", "3", "4"]])
    }

    @Test("seeks back to a record seen earlier")
    func seek() throws {
        var reader = CSVReader(bytes: Array("h\nx,1\ny,2\nz,3\n".utf8), dialect: .csv)
        var offsets: [Int] = []
        while try reader.next() { offsets.append(reader.recordRange.lowerBound) }
        reader.seek(to: offsets[2], rowNumber: 2, line: 3)
        #expect(try reader.next())
        #expect(reader.strings() == ["y", "2"] && reader.rowNumber == 2 && reader.lineNumber == 3)
        #expect(try reader.next())
        #expect(reader.strings() == ["z", "3"] && reader.rowNumber == 3)
    }

    @Test("reads a slice that does not start at index 0")
    func slice() throws {
        let bytes = Array("junk|a,b\n1,2\n".utf8)
        var reader = CSVReader(bytes: bytes[5...], dialect: .csv)
        #expect(try reader.next())
        #expect(reader.strings() == ["a", "b"] && reader.fields == [5..<6, 7..<8])
    }

    @Test("an empty input has no records")
    func empty() throws {
        #expect(try records("").isEmpty)
        #expect(try records("\n\r\n").isEmpty)
    }
}
