/// A whole delimited table in memory: the header's names and every data row's field ranges in
/// one flat array, for files small enough to hold (merges, tests); large files are scanned with
/// ``CSVReader`` instead.
///
/// The first record is the header. Data rows are numbered from 1. Rows whose field count differs
/// from the header's are kept as they are and listed in ``raggedRows``; ``requireRectangular()``
/// turns them into an error.
public struct CSVTable: Sendable {
    /// A data row whose field count differs from the header's.
    public struct RaggedRow: Sendable, Hashable {
        /// The 1-based data row.
        public var row: Int
        /// The line of the file on which the row starts.
        public var line: Int
        /// How many fields the row has.
        public var fieldCount: Int

        /// A ragged row: data row `row`, starting on `line`, with `fieldCount` fields.
        public init(row: Int, line: Int, fieldCount: Int) {
            self.row = row
            self.line = line
            self.fieldCount = fieldCount
        }
    }

    /// The bytes the table was read from; ranges index into them.
    public let bytes: ArraySlice<UInt8>
    /// The dialect the table was read with.
    public let dialect: CSVDialect
    /// The column names, in file order.
    public let header: [String]
    /// The rows whose field count is not `header.count`, in file order.
    public let raggedRows: [RaggedRow]
    /// The byte range of the header record in ``bytes`` (without its line break).
    public let headerRange: Range<Int>
    /// Whether the file ends its records with CRLF (judged by the header's line break).
    public let usesCRLF: Bool
    /// Whether the file starts with a UTF-8 byte order mark.
    public let hasByteOrderMark: Bool
    /// Field ranges of all data rows, row after row; row `r` (0-based) owns
    /// `fieldRanges[rowStarts[r]..<rowStarts[r + 1]]`.
    private let fieldRanges: [Range<Int>]
    /// Where each row's fields start in ``fieldRanges``, plus the total at the end.
    private let rowStarts: [Int]
    /// Where each row's record starts and ends in ``bytes`` (without its line break).
    public let recordRanges: [Range<Int>]
    /// Flat indices into ``fieldRanges`` of fields with doubled quotes, ascending.
    private let escaped: [Int]

    /// Reads all of `bytes` as a table with a header.
    /// - Throws: as ``CSVReader/next()``; `malformed` when there is no header record.
    /// - Complexity: O(n) in the bytes; holds 16 bytes per field.
    public init(bytes: ArraySlice<UInt8>, dialect: CSVDialect) throws(FormatsError) {
        var reader = CSVReader(bytes: bytes, dialect: dialect, hasHeader: true)
        guard try reader.next() else { throw FormatsError(.malformed, "the table has no header row") }
        self.bytes = bytes
        self.dialect = dialect
        header = reader.strings()
        headerRange = reader.recordRange
        hasByteOrderMark = bytes.starts(with: CSVReader.byteOrderMark)
        let afterHeader = reader.recordRange.upperBound
        usesCRLF = afterHeader + 1 < bytes.endIndex && bytes[afterHeader] == 13 && bytes[afterHeader + 1] == 10
        var ranges: [Range<Int>] = []
        var starts: [Int] = [0]
        var records: [Range<Int>] = []
        var escaped: [Int] = []
        var ragged: [RaggedRow] = []
        while try reader.next() {
            for field in reader.escapedFields { escaped.append(ranges.count + field) }
            ranges += reader.fields
            starts.append(ranges.count)
            records.append(reader.recordRange)
            if reader.fieldCount != header.count {
                ragged.append(RaggedRow(row: reader.rowNumber, line: reader.lineNumber, fieldCount: reader.fieldCount))
            }
        }
        fieldRanges = ranges
        rowStarts = starts
        recordRanges = records
        self.escaped = escaped
        raggedRows = ragged
    }

    /// Reads all of `bytes` as a table with a header.
    public init(bytes: [UInt8], dialect: CSVDialect) throws(FormatsError) {
        try self.init(bytes: bytes[...], dialect: dialect)
    }

    /// The number of data rows.
    public var rowCount: Int { rowStarts.count - 1 }

    /// The number of fields in data row `row` (0-based).
    public func fieldCount(row: Int) -> Int { rowStarts[row + 1] - rowStarts[row] }

    /// The value in data row `row` (0-based), field `column`, doubled quotes collapsed; empty
    /// when a ragged row has no such field.
    /// - Complexity: O(k) in the value's length (plus O(log e) in the escaped fields).
    public func field(row: Int, column: Int) -> ArraySlice<UInt8> {
        guard column < fieldCount(row: row) else { return [] }
        let flat = rowStarts[row] + column
        let raw = bytes[fieldRanges[flat]]
        return isEscaped(flat) ? CSVReader.unescape(raw, quote: dialect.quote)[...] : raw
    }

    /// ``field(row:column:)`` decoded as UTF-8.
    public func string(row: Int, column: Int) -> String {
        String(decoding: field(row: row, column: column), as: UTF8.self)
    }

    /// All values of data row `row` (0-based) as strings.
    public func strings(row: Int) -> [String] {
        (0..<fieldCount(row: row)).map { string(row: row, column: $0) }
    }

    /// Throws when any data row's field count differs from the header's.
    /// - Throws: `malformed` naming the first ragged row, its line and both counts.
    public func requireRectangular() throws(FormatsError) {
        guard let first = raggedRows.first else { return }
        throw FormatsError(
            .malformed,
            "row \(first.row): \(first.fieldCount) field\(first.fieldCount == 1 ? "" : "s"), but the header has "
                + "\(header.count) (line \(first.line))")
    }

    /// Whether flat field `flat` holds doubled quotes (binary search in ``escaped``).
    private func isEscaped(_ flat: Int) -> Bool {
        var low = 0
        var high = escaped.count
        while low < high {
            let mid = (low + high) / 2
            if escaped[mid] < flat { low = mid + 1 } else { high = mid }
        }
        return low < escaped.count && escaped[low] == flat
    }
}
