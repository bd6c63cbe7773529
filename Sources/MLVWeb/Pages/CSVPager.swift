import MLVFormats

/// Cuts one page of records out of a CSV/TSV byte stream without parsing the rest: keeps the
/// header record and the records of the page, skips the ones before, and notes whether any
/// record follows. Quoted fields may hold newlines; the quote state carries across chunks.
///
/// - Complexity: O(bytes fed) time; memory holds only the header and the page.
struct CSVPager {
    let quote: UInt8
    /// The first data record kept (0-based, after the header) and how many.
    let firstRow: Int
    let rowCount: Int

    private(set) var header: [UInt8] = []
    private(set) var rows: [UInt8] = []
    /// Data records kept.
    private(set) var rowsKept = 0
    /// Whether a record follows the page: reading can stop.
    private(set) var hasMore = false
    /// The record being read: 0 is the header, n the nth data record.
    private var record = 0
    private var counted = -1
    private var inQuote = false

    init(dialect: CSVDialect, firstRow: Int, rowCount: Int) {
        self.quote = dialect.quote
        self.firstRow = firstRow
        self.rowCount = rowCount
    }

    private var pastPage: Bool { record - 1 >= firstRow + rowCount }

    /// Takes the next bytes of the file.
    mutating func feed(_ bytes: [UInt8]) {
        guard !hasMore else { return }
        if pastPage {
            hasMore = !bytes.isEmpty
            return
        }
        var start = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == quote {
                inQuote.toggle()
            } else if byte == UInt8(ascii: "\n") && !inQuote {
                take(bytes[start...index])
                start = index + 1
                record += 1
                if pastPage {
                    hasMore = start < bytes.count
                    return
                }
            }
        }
        if start < bytes.count { take(bytes[start...]) }
    }

    private mutating func take(_ bytes: ArraySlice<UInt8>) {
        if record == 0 {
            header += bytes
        } else if record - 1 >= firstRow {
            rows += bytes
            if counted != record {
                counted = record
                rowsKept += 1
            }
        }
    }
}
