import MLVFormats
import Testing

@Suite struct CSVWriterTests {
    @Test("quotes only the fields that need it")
    func quoting() {
        var writer = CSVWriter(dialect: .csv)
        writer.write(strings: ["plain", "a,b", "say \"hi\"", "two\nlines", ""])
        writer.write(strings: [""])
        #expect(
            String(decoding: writer.bytes, as: UTF8.self) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n\"\"\n")
    }

    @Test("writes CRLF, a byte order mark and raw records")
    func options() {
        var writer = CSVWriter(dialect: .tsv, usesCRLF: true, byteOrderMark: true)
        writer.write(strings: ["a", "b,c"])
        writer.writeRaw(Array("1\t\"2\"".utf8)[...])
        #expect(writer.bytes == CSVReader.byteOrderMark + Array("a\tb,c\r\n1\t\"2\"\r\n".utf8))
    }

    @Test("what it writes reads back as the same values", arguments: [CSVDialect.csv, .tsv])
    func roundTrip(dialect: CSVDialect) throws {
        let alphabet = Array("ab,\t\"\n\r; ".unicodeScalars).map(String.init)
        var state: UInt64 = 42
        var rows: [[String]] = []
        for _ in 0..<200 {
            var row: [String] = []
            for _ in 0..<3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let length = Int(state >> 60) % 6
                row.append(
                    (0..<length).map { alphabet[Int((state >> UInt64(8 * $0)) & 0xFF) % alphabet.count] }.joined())
            }
            rows.append(row)
        }
        var writer = CSVWriter(dialect: dialect)
        for row in rows { writer.write(strings: row) }
        var reader = CSVReader(bytes: writer.bytes, dialect: dialect, hasHeader: false)
        var read: [[String]] = []
        while try reader.next() { read.append(reader.strings()) }
        // A bare "\r" inside a quoted field reads back as itself; a record of one empty field is
        // written quoted, so no row is lost.
        #expect(read == rows)
    }
}
