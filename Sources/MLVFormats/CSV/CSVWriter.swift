/// Writes records in a dialect, quoting only the fields that need it, so that ``CSVReader`` reads
/// back exactly the values written.
///
/// A field is quoted when it is empty in a one-field record (a blank line would be skipped), or
/// contains the delimiter, the quote byte, CR or LF; quotes inside a quoted field are doubled.
public struct CSVWriter: Sendable {
    /// The delimiter and quote to write with.
    public var dialect: CSVDialect
    /// Whether records end with CRLF rather than LF.
    public var usesCRLF: Bool
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// A writer with an empty buffer; `byteOrderMark` starts the buffer with a UTF-8 BOM.
    public init(dialect: CSVDialect, usesCRLF: Bool = false, byteOrderMark: Bool = false) {
        self.dialect = dialect
        self.usesCRLF = usesCRLF
        if byteOrderMark { bytes = CSVReader.byteOrderMark }
    }

    /// Appends one record of `fields` and its line break.
    /// - Complexity: O(k) in the bytes of the fields.
    public mutating func write<Field: Collection<UInt8>>(_ fields: [Field]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(dialect.delimiter) }
            if needsQuotes(field) || (fields.count == 1 && field.isEmpty) {
                bytes.append(dialect.quote)
                for byte in field {
                    bytes.append(byte)
                    if byte == dialect.quote { bytes.append(byte) }
                }
                bytes.append(dialect.quote)
            } else {
                bytes.append(contentsOf: field)
            }
        }
        endRecord()
    }

    /// Appends one record of string `fields` (as UTF-8) and its line break.
    public mutating func write(strings fields: [String]) {
        write(fields.map { Array($0.utf8) })
    }

    /// Appends `record`, the bytes of a record as another file spelled it (no line break), and
    /// a line break; the caller vouches that it is valid in this dialect.
    public mutating func writeRaw(_ record: ArraySlice<UInt8>) {
        bytes.append(contentsOf: record)
        endRecord()
    }

    private mutating func endRecord() {
        if usesCRLF { bytes.append(13) }
        bytes.append(10)
    }

    private func needsQuotes(_ field: some Collection<UInt8>) -> Bool {
        field.contains { $0 == dialect.delimiter || $0 == dialect.quote || $0 == 10 || $0 == 13 }
    }
}
