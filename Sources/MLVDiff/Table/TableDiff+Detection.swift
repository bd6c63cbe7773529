import MLVFormats

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
