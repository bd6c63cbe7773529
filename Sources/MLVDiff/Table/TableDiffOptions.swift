import MLVFormats

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
