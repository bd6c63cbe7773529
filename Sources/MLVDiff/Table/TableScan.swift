import MLVFormats

/// One version of a table read for diffing or merging: its header, and per data row the byte
/// offset of the record, the hash of its compared values and the hash of its key, in flat arrays.
///
/// No value is copied while scanning (except the rare field with doubled quotes); values are
/// read again from ``rowOffsets`` only for the rows a diff shows.
struct TableScan {
    /// The file's bytes.
    let bytes: ArraySlice<UInt8>
    /// The dialect the file is read with.
    let dialect: CSVDialect
    /// The column names in file order; empty for an empty file.
    let header: [String]
    /// Where each data row's record starts in ``bytes``.
    private(set) var rowOffsets: [Int] = []
    /// ``RowHasher`` hash of each data row's values in the compared columns.
    private(set) var rowHashes: [UInt64] = []
    /// ``RowHasher`` hash of each data row's key values; empty when there are no key columns.
    private(set) var keyHashes: [UInt64] = []
    /// The inferred type of each column, over all data rows.
    private(set) var columnTypes: [ColumnType]
    /// Data rows whose field count is not the header's (read padded with empty values).
    private(set) var raggedRows = 0

    /// The header of `bytes` alone, validated: no two columns share a name.
    /// - Throws: `malformed` naming `path` for a malformed header record or a repeated name.
    static func header(of bytes: ArraySlice<UInt8>, dialect: CSVDialect, path: String) throws(DiffError) -> [String] {
        var reader = CSVReader(bytes: bytes, dialect: dialect)
        let header = try malformedErrors(path) { () throws(FormatsError) in try reader.next() ? reader.strings() : [] }
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if let earlier = seen[name] {
                throw DiffError(
                    .malformed,
                    "\(path): header: column \"\(name)\" appears twice (columns \(earlier + 1) and \(index + 1))")
            }
            seen[name] = index
        }
        return header
    }

    /// Scans all of `bytes`, hashing the values of `hashColumns` (in that order) and of
    /// `keyColumns` for each data row, and inferring every column's type.
    /// - Throws: `malformed` naming `path` and the row for bad quoting or a row whose field count
    ///   is not the header's.
    /// - Complexity: O(n) in the bytes; 16 bytes per row (24 with keys).
    init(
        bytes: ArraySlice<UInt8>, dialect: CSVDialect, path: String, hashColumns: [Int], keyColumns: [Int]
    ) throws(DiffError) {
        self.bytes = bytes
        self.dialect = dialect
        header = try Self.header(of: bytes, dialect: dialect, path: path)
        let columnCount = header.count
        var types = [ColumnType](repeating: .empty, count: columnCount)
        var untyped = Array(0..<columnCount)
        var offsets: [Int] = []
        var hashes: [UInt64] = []
        var keys: [UInt64] = []
        var reader = CSVReader(bytes: bytes, dialect: dialect)
        var raggedRows = 0
        let span = bytes.span
        let base = bytes.startIndex
        try malformedErrors(path) { () throws(FormatsError) in
            _ = try reader.next()
            while try reader.next() {
                // Ragged rows are read as pandas reads short ones: missing fields are empty.
                // Fields past the header's count have no column, so they are not compared.
                let fieldCount = reader.fieldCount
                if fieldCount != columnCount { raggedRows += 1 }
                offsets.append(reader.recordRange.lowerBound)
                // Spans of the fields, not slices: no reference counting per field.
                if reader.escapedFields.isEmpty {
                    func field(_ column: Int) -> Range<Int> {
                        guard column < fieldCount else { return 0..<0 }
                        let range = reader.fields[column]
                        return (range.lowerBound - base)..<(range.upperBound - base)
                    }
                    var hasher = RowHasher()
                    for column in hashColumns { hasher.combine(span.extracting(field(column))) }
                    hashes.append(hasher.finalize())
                    if !keyColumns.isEmpty {
                        var keyHasher = RowHasher()
                        for column in keyColumns { keyHasher.combine(span.extracting(field(column))) }
                        keys.append(keyHasher.finalize())
                    }
                    var index = 0
                    while index < untyped.count {
                        let column = untyped[index]
                        let type = types[column].joined(ColumnType.classify(span.extracting(field(column))))
                        types[column] = type
                        if type == .string { untyped.remove(at: index) } else { index += 1 }
                    }
                } else {
                    let values = (0..<max(columnCount, fieldCount)).map { $0 < fieldCount ? reader.field($0) : [] }
                    var hasher = RowHasher()
                    for column in hashColumns { hasher.combine(values[column]) }
                    hashes.append(hasher.finalize())
                    if !keyColumns.isEmpty {
                        var keyHasher = RowHasher()
                        for column in keyColumns { keyHasher.combine(values[column]) }
                        keys.append(keyHasher.finalize())
                    }
                    for column in 0..<columnCount where types[column] != .string {
                        types[column] = types[column].joined(ColumnType.classify(values[column][...]))
                    }
                    untyped.removeAll { types[$0] == .string }
                }
            }
        }
        self.raggedRows = raggedRows
        rowOffsets = offsets
        rowHashes = hashes
        keyHashes = keys
        columnTypes = types
    }

    /// The number of data rows.
    var rowCount: Int { rowOffsets.count }

    /// The values of data row `row` (0-based), quotes removed, in file order.
    /// - Complexity: O(k) in the row's bytes.
    func values(row: Int) -> [ArraySlice<UInt8>] {
        var reader = CSVReader(bytes: bytes, dialect: dialect)
        reader.seek(to: rowOffsets[row], rowNumber: row + 1, line: 0)
        // The row parsed during the scan, so it parses again.
        guard (try? reader.next()) == true else { return [] }
        // Short (ragged) rows are padded with empty values to the header's width.
        return (0..<max(reader.fieldCount, header.count)).map {
            $0 < reader.fieldCount ? Self.value(reader, $0) : ArraySlice<UInt8>()
        }
    }

    /// The value of field `column` of the reader's record: no copy unless it has doubled quotes.
    @inline(__always)
    private static func value(_ reader: CSVReader, _ column: Int) -> ArraySlice<UInt8> {
        reader.needsUnescaping(column) ? reader.field(column)[...] : reader.rawField(column)
    }
}

/// Runs `body`, turning a `FormatsError` into `DiffError(.malformed, "<path>: <message>")`.
func malformedErrors<T>(_ path: String, _ body: () throws(FormatsError) -> T) throws(DiffError) -> T {
    do { return try body() } catch { throw DiffError(.malformed, "\(path): \(error.message)") }
}

/// The columns two versions share, as parallel index lists in the old version's order.
struct SharedColumns {
    /// Indices in the old header.
    var old: [Int]
    /// The matching indices in the new header.
    var new: [Int]
    /// The shared column names, in the old order.
    var names: [String]

    init(old oldHeader: [String], new newHeader: [String]) {
        let newIndex = Dictionary(newHeader.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        (old, new, names) = ([], [], [])
        for (index, name) in oldHeader.enumerated() {
            guard let match = newIndex[name] else { continue }
            old.append(index)
            new.append(match)
            names.append(name)
        }
    }
}
