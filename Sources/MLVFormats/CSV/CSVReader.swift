/// A forward reader of RFC 4180 records over bytes that hands out each record as field ranges,
/// without copying a byte.
///
/// Call ``next()`` until it returns false; after each `true`, ``fields`` holds the byte ranges of
/// the record's fields in ``bytes`` (for a quoted field, the part between the quotes) and
/// ``needsUnescaping(_:)`` says which of them contain doubled quotes. Both buffers are reused
/// from record to record, so a scan of a large file allocates nothing per record.
///
/// The grammar: fields are separated by the dialect's delimiter; records end at LF, CRLF or a
/// lone CR; a field that starts with the quote byte runs to the next single quote byte and may
/// hold delimiters, line breaks and doubled quotes; a quote byte inside an unquoted field is
/// taken literally. A UTF-8 byte order mark at the start is skipped, blank lines are skipped
/// (as Python's `csv` writes a lone empty field as `""`), and a last record without a line break
/// counts. Records may have different field counts: the reader hands them out as they are, and
/// callers that need a rectangle compare ``fields``' count with the header's.
///
/// Rows are numbered for messages: with `header` true the first record is the header (row 0)
/// and data rows count from 1, as a diff shows them; otherwise records count from 1.
public struct CSVReader: Sendable {
    /// The bytes being read; ``fields`` index into them.
    public let bytes: ArraySlice<UInt8>
    /// The delimiter and quote in use.
    public let dialect: CSVDialect
    /// Whether the first record is a header, which only changes how rows are numbered.
    public let hasHeader: Bool
    /// The fields of the current record, as ranges of ``bytes`` without the surrounding quotes.
    public private(set) var fields: [Range<Int>] = []
    /// The byte range of the current record, from its first byte to before its line break.
    public private(set) var recordRange: Range<Int> = 0..<0
    /// The number of the current record: 0 for a header, then 1, 2, … (see the type's notes).
    public private(set) var rowNumber: Int
    /// The 1-based line of the file on which the current record starts.
    public private(set) var lineNumber = 0
    /// Indices into ``fields`` of the fields that hold doubled quotes, ascending; usually empty.
    public private(set) var escapedFields: [Int] = []
    /// Where the next record starts.
    private var position: Int
    /// The line on which the next record starts.
    private var nextLine = 1

    /// The UTF-8 byte order mark, skipped at the start of the bytes.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// A reader at the first record of `bytes`.
    public init(bytes: ArraySlice<UInt8>, dialect: CSVDialect, hasHeader: Bool = true) {
        self.bytes = bytes
        self.dialect = dialect
        self.hasHeader = hasHeader
        self.rowNumber = hasHeader ? -1 : 0
        position = bytes.startIndex + (bytes.starts(with: Self.byteOrderMark) ? 3 : 0)
        fields.reserveCapacity(16)
    }

    /// A reader at the first record of `bytes`.
    public init(bytes: [UInt8], dialect: CSVDialect, hasHeader: Bool = true) {
        self.init(bytes: bytes[...], dialect: dialect, hasHeader: hasHeader)
    }

    /// How the current record is named in messages: `header` or `row N`.
    public var rowLabel: String { hasHeader && rowNumber == 0 ? "header" : "row \(rowNumber)" }

    /// Whether field `index` of the current record holds doubled quotes that
    /// ``field(_:)`` or ``string(_:)`` must collapse.
    public func needsUnescaping(_ index: Int) -> Bool {
        !escapedFields.isEmpty && escapedFields.contains(index)
    }

    /// Moves the reader to the record that starts at byte `offset` (a ``recordRange`` lower
    /// bound seen earlier), numbering it `rowNumber` on line `line`, so the next ``next()``
    /// reads it again.
    public mutating func seek(to offset: Int, rowNumber: Int, line: Int) {
        position = offset
        self.rowNumber = rowNumber - 1
        nextLine = line
    }

    /// Reads the next record into ``fields``; false at the end of the bytes.
    ///
    /// - Throws: `malformed` for a quoted field that is not closed before the end of the bytes,
    ///   or a closing quote followed by something other than a delimiter or a line break; the
    ///   message names the row, the field and the line.
    /// - Complexity: O(k) in the record's bytes.
    public mutating func next() throws(FormatsError) -> Bool {
        let end = bytes.endIndex
        let delimiter = dialect.delimiter
        var index = position
        // Skip blank lines.
        while index < end, bytes[index] == 10 || bytes[index] == 13 {
            if bytes[index] == 10 || index + 1 >= end || bytes[index + 1] != 10 { nextLine += 1 }
            index += 1
        }
        guard index < end else {
            position = index
            return false
        }
        rowNumber += 1
        lineNumber = nextLine
        fields.removeAll(keepingCapacity: true)
        if !escapedFields.isEmpty { escapedFields.removeAll(keepingCapacity: true) }
        let start = index
        while true {
            if index < end, bytes[index] == dialect.quote {
                index = try readQuotedField(from: index)
            } else {
                let fieldStart = index
                while index < end {
                    let byte = bytes[index]
                    if byte == delimiter || byte == 10 || byte == 13 { break }
                    index += 1
                }
                fields.append(fieldStart..<index)
            }
            guard index < end else { break }
            let byte = bytes[index]
            if byte == delimiter {
                index += 1
                continue
            }
            break
        }
        recordRange = start..<index
        if index < end {
            // A CR or LF ends the record; CRLF counts as one.
            index += bytes[index] == 13 && index + 1 < end && bytes[index + 1] == 10 ? 2 : 1
        }
        nextLine += 1
        position = index
        return true
    }

    /// Reads the quoted field whose opening quote is at `open`, appends its inner range to
    /// ``fields`` and returns the index after the closing quote.
    private mutating func readQuotedField(from open: Int) throws(FormatsError) -> Int {
        let end = bytes.endIndex
        let quote = dialect.quote
        var index = open + 1
        let innerStart = index
        var escaped = false
        while true {
            guard index < end else {
                throw FormatsError(
                    .malformed,
                    "\(rowLabel): quoted field \(fields.count + 1) starting on line \(lineNumber) "
                        + "is not closed before the end of the file")
            }
            let byte = bytes[index]
            if byte == quote {
                if index + 1 < end, bytes[index + 1] == quote {
                    escaped = true
                    index += 2
                    continue
                }
                break
            }
            if byte == 10 || (byte == 13 && (index + 1 >= end || bytes[index + 1] != 10)) { nextLine += 1 }
            index += 1
        }
        if escaped { escapedFields.append(fields.count) }
        fields.append(innerStart..<index)
        index += 1
        if index < end {
            let byte = bytes[index]
            if byte != dialect.delimiter && byte != 10 && byte != 13 {
                throw FormatsError(
                    .malformed,
                    "\(rowLabel): field \(fields.count) has \(Self.describe(byte)) after its closing quote "
                        + "on line \(nextLine); a quote inside a quoted field must be doubled")
            }
        }
        return index
    }

    /// A byte as messages show it: printable ASCII quoted, anything else in hex.
    static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}

/// Field values of the current record: raw slices for comparing and hashing, copies for keeping.
extension CSVReader {
    /// The number of fields in the current record.
    public var fieldCount: Int { fields.count }

    /// The bytes of field `index` as they are in the file, quotes removed but doubled quotes
    /// not collapsed (see ``needsUnescaping(_:)``). No copy.
    /// - Precondition: `index < fieldCount`.
    public func rawField(_ index: Int) -> ArraySlice<UInt8> {
        bytes[fields[index]]
    }

    /// The value of field `index`: its bytes with doubled quotes collapsed.
    /// - Complexity: O(k) in the field's length; copies.
    public func field(_ index: Int) -> [UInt8] {
        let raw = rawField(index)
        return needsUnescaping(index) ? Self.unescape(raw, quote: dialect.quote) : Array(raw)
    }

    /// The value of field `index` decoded as UTF-8 (invalid sequences become U+FFFD).
    public func string(_ index: Int) -> String {
        needsUnescaping(index)
            ? String(decoding: field(index), as: UTF8.self) : String(decoding: rawField(index), as: UTF8.self)
    }

    /// All values of the current record as strings, in order.
    public func strings() -> [String] {
        (0..<fieldCount).map { string($0) }
    }

    /// `raw` with every doubled `quote` collapsed to one.
    /// - Complexity: O(k).
    public static func unescape(_ raw: ArraySlice<UInt8>, quote: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var skipNext = false
        for byte in raw {
            if skipNext {
                skipNext = false
                continue
            }
            out.append(byte)
            if byte == quote { skipNext = true }
        }
        return out
    }
}
