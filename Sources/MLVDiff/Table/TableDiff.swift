import MLVFormats

/// How two versions of a CSV/TSV table differ: columns added, removed, moved or retyped, and
/// rows added, removed and modified (with the changed cells).
///
/// The first record of each version is its header; columns are matched by name. Rows are
/// compared by the values of the columns both versions share (quoting, delimiter and line
/// endings do not matter) and matched either by ``TableDiffOptions/keys`` or, without keys, by
/// content alignment (patience-diff anchors on rows unique in both versions, then Myers inside
/// the gaps); inside a gap, the k-th removed and k-th added rows pair up as one modified row
/// when at least half of their shared cells are equal. Row numbers are 1-based data rows (the
/// header is not counted). Rows compare by a 64-bit hash of their values: two different rows
/// with equal hashes (odds about 2⁻⁶⁴ per pair) would hide one change.
///
/// JSON shape (`Encodable`; the CLI encodes with sorted keys; every key is always present
/// unless noted):
/// ```
/// {
///   "path": "data/prices.csv",
///   "summary": "+1 row, ~1 row, 1 column changed",
///   "keys": ["id"],                        // [] when rows were aligned by content
///   "oldRows": 3, "newRows": 4,            // data rows in each version
///   "rowsAdded": 1, "rowsRemoved": 0, "rowsModified": 1,
///   "omittedRows": 0,                      // changes counted but not listed (maxRowChanges)
///   "schema": {
///     "oldColumns": ["id", "price"], "newColumns": ["id", "price", "qty"],
///     "oldTypes": ["integer", "integer"], "newTypes": ["integer", "float", "integer"],
///     "added": ["qty"], "removed": [], "moved": [], "reordered": false,
///     "typeChanges": [{"column": "price", "old": "integer", "new": "float"}]
///   },
///   "rows": [                              // file order; see RowChange
///     {"change": "modified", "oldRow": 2, "newRow": 2, "key": ["7"],
///      "cells": [{"column": "price", "old": "3", "new": "3.75"}]},
///     {"change": "added", "newRow": 4, "key": ["9"], "values": ["9", "1.5", "2"]},
///     {"change": "removed", "oldRow": 5, "key": ["4"], "values": ["4", "2"]}
///   ]
/// }
/// ```
/// Types are `empty`, `boolean`, `integer`, `float`, `date` or `string` (``ColumnType``). In
/// `rows`, `key` is left out when `keys` is empty; `values` (an added row's values in
/// `newColumns` order, a removed row's in `oldColumns` order) and `cells` (a modified row's
/// changed shared columns, in `newColumns` order) appear by kind.
public struct TableDiff: Sendable, Hashable, Encodable {
    /// The path the versions were read from, as given; it names the file in messages.
    public var path: String
    /// The key columns rows were matched by; empty for content alignment.
    public var keys: [String]
    /// The number of data rows in the old version.
    public var oldRows: Int
    /// The number of data rows in the new version.
    public var newRows: Int
    /// The number of rows only in the new version.
    public var rowsAdded: Int
    /// The number of rows only in the old version.
    public var rowsRemoved: Int
    /// The number of rows in both versions with changed values.
    public var rowsModified: Int
    /// The column changes.
    public var schema: TableSchemaChange
    /// The row changes in file order, at most ``TableDiffOptions/maxRowChanges`` of them.
    public var rows: [RowChange]

    /// Row changes counted in ``rowsAdded``, ``rowsRemoved`` and ``rowsModified`` but not
    /// listed in ``rows``.
    public var omittedRows: Int { rowsAdded + rowsRemoved + rowsModified - rows.count }

    /// Whether the versions hold the same columns (in the same order, with the same types) and
    /// the same rows.
    public var isEmpty: Bool { schema.isEmpty && rowsAdded + rowsRemoved + rowsModified == 0 }

    /// Diffs two versions of the table at `path`.
    ///
    /// Each version's dialect is ``TableDiffOptions/dialect`` or sniffed from its first 64 KiB
    /// and `path`'s extension.
    /// - Throws: `malformed` (`"<path>: row N: …"`) when a version is not a valid table (bad
    ///   quoting, a row with a different field count than the header, a repeated column name), so
    ///   callers can fall back to a text diff; `invalidArgument` for a key column missing from a
    ///   version; `duplicateKey` naming the key and both rows when a version repeats a key.
    /// - Complexity: O(n + m) expected time in the bytes of both versions, plus O(D²) per
    ///   alignment gap without unique rows (bounded, see `MyersAlignment`). Memory: 16 bytes per
    ///   row (24 with keys) plus a transient hash table of 24–48 bytes per row of both versions;
    ///   values are copied only for changed rows.
    public init(old: [UInt8], new: [UInt8], path: String, options: TableDiffOptions = TableDiffOptions())
        throws(DiffError)
    {
        let pathExtension = Self.pathExtension(of: path)
        let oldDialect = options.dialect ?? CSVDialect.sniff(old.prefix(65_536), pathExtension: pathExtension)
        let newDialect = options.dialect ?? CSVDialect.sniff(new.prefix(65_536), pathExtension: pathExtension)
        let oldHeader = try TableScan.header(of: old[...], dialect: oldDialect, path: path)
        let newHeader = try TableScan.header(of: new[...], dialect: newDialect, path: path)
        let columns = SharedColumns(old: oldHeader, new: newHeader)
        let oldKeys = try Self.keyColumns(options.keys, in: oldHeader, version: "old", path: path)
        let newKeys = try Self.keyColumns(options.keys, in: newHeader, version: "new", path: path)
        let oldScan = try TableScan(
            bytes: old[...], dialect: oldDialect, path: path, hashColumns: columns.old, keyColumns: oldKeys)
        let newScan = try TableScan(
            bytes: new[...], dialect: newDialect, path: path, hashColumns: columns.new, keyColumns: newKeys)
        var collector = RowChangeCollector(
            old: oldScan, new: newScan, columns: columns, keyColumns: (oldKeys, newKeys), limit: options.maxRowChanges)
        if options.keys.isEmpty {
            // With no shared column every row differs: nothing can match.
            let matches =
                columns.old.isEmpty
                ? [Int32](repeating: -1, count: oldScan.rowCount)
                : RowAlignment.align(old: oldScan.rowHashes, new: newScan.rowHashes)
            collector.collect(alignment: matches)
        } else {
            try collector.collectKeyed(path: path, keyNames: options.keys)
        }
        self.path = path
        keys = options.keys
        oldRows = oldScan.rowCount
        newRows = newScan.rowCount
        rowsAdded = collector.added
        rowsRemoved = collector.removed
        rowsModified = collector.modified
        rows = collector.changes
        schema = TableSchemaChange(
            oldColumns: oldHeader, oldTypes: oldScan.columnTypes, newColumns: newHeader, newTypes: newScan.columnTypes)
    }

    /// The indices of the key columns `keys` in `header`.
    /// - Throws: `invalidArgument` naming the first key that is not a column.
    static func keyColumns(_ keys: [String], in header: [String], version: String, path: String) throws(DiffError)
        -> [Int]
    {
        var indices: [Int] = []
        for key in keys {
            guard let index = header.firstIndex(of: key) else {
                throw DiffError(
                    .invalidArgument,
                    "\(path): key column \"\(key)\" is not in the \(version) version (columns: "
                        + "\(header.joined(separator: ", ")))")
            }
            indices.append(index)
        }
        return indices
    }

    /// The lowercased extension of the last component of `path`, or nil.
    static func pathExtension(of path: String) -> String? {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return name[name.index(after: dot)...].lowercased()
    }

    private enum CodingKeys: String, CodingKey {
        case path, summary, keys, oldRows, newRows, rowsAdded, rowsRemoved, rowsModified, omittedRows, schema, rows
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(summary, forKey: .summary)
        try container.encode(keys, forKey: .keys)
        try container.encode(oldRows, forKey: .oldRows)
        try container.encode(newRows, forKey: .newRows)
        try container.encode(rowsAdded, forKey: .rowsAdded)
        try container.encode(rowsRemoved, forKey: .rowsRemoved)
        try container.encode(rowsModified, forKey: .rowsModified)
        try container.encode(omittedRows, forKey: .omittedRows)
        try container.encode(schema, forKey: .schema)
        try container.encode(rows, forKey: .rows)
    }
}

/// Knobs of a ``TableDiff``; the defaults suit a command-line diff.
public struct TableDiffOptions: Sendable, Hashable {
    /// Columns whose values identify a row. Empty: rows are matched by content alignment.
    /// Non-empty: every name must be a column of both versions and no two rows of a version may
    /// share a key.
    public var keys: [String]
    /// The dialect of both versions; nil sniffs each version's own (see ``CSVDialect/sniff(_:pathExtension:)``).
    public var dialect: CSVDialect?
    /// The most row changes kept with their values; further changes are counted (and reported as
    /// ``TableDiff/omittedRows``) but not materialized, which bounds memory when two versions
    /// share nothing.
    public var maxRowChanges: Int

    /// Options with `keys` (none by default), sniffed dialects and room for 100,000 row changes.
    public init(keys: [String] = [], dialect: CSVDialect? = nil, maxRowChanges: Int = 100_000) {
        self.keys = keys
        self.dialect = dialect
        self.maxRowChanges = maxRowChanges
    }
}

/// Deciding whether a file is diffed as a table.
extension TableDiff {
    /// Extensions that always mean a delimited table.
    public static let tableExtensions: Set<String> = ["csv", "tsv", "tab"]

    /// Extensions of structured text whose lines can look like table rows (JSON lines with
    /// commas, Markdown tables with pipes) but are not tables.
    public static let nonTableExtensions: Set<String> = [
        "json", "jsonl", "ndjson", "md", "markdown", "rst", "yaml", "yml", "toml", "xml", "html", "htm", "ipynb",
    ]

    /// Whether the file at `path` holding `bytes` (its start is enough) should be diffed as a
    /// table.
    ///
    /// True for a `.csv`, `.tsv` or `.tab` path. Otherwise, unless the extension is one of
    /// ``nonTableExtensions``, the first 64 KiB are sniffed: no NUL byte, not starting with `{`
    /// or `[`, and at least 3 lines that one delimiter (comma, tab, semicolon, pipe) splits into
    /// the same number (≥ 2) of fields (see ``CSVDialect/consistentFieldCount(in:minimumLines:)``).
    /// - Complexity: O(k) in at most 64 KiB.
    public static func looksLikeTable(path: String, bytes: ArraySlice<UInt8>) -> Bool {
        let pathExtension = pathExtension(of: path)
        if let pathExtension, tableExtensions.contains(pathExtension) { return true }
        if let pathExtension, nonTableExtensions.contains(pathExtension) { return false }
        let sample = bytes.prefix(65_536)
        guard !sample.contains(0) else { return false }
        let start = sample.starts(with: CSVReader.byteOrderMark) ? sample.dropFirst(3) : sample
        if let first = start.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }),
            first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        {
            return false
        }
        return CSVDialect.consistentFieldCount(in: sample, minimumLines: 3) != nil
    }
}
