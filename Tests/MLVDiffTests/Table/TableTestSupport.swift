import MLVDiff
import MLVTestSupport
import Testing

/// The bytes of a table written as lines (each gets a `\n`).
func csv(_ lines: String...) -> [UInt8] {
    Array(lines.map { $0 + "\n" }.joined().utf8)
}

/// The diff of two tables given as text, at `path` (`t.csv` by default).
func tableDiff(
    _ old: String, _ new: String, keys: [String] = [], path: String = "t.csv", maxRowChanges: Int = 100_000
) throws(DiffError) -> TableDiff {
    try TableDiff(
        old: Array(old.utf8), new: Array(new.utf8), path: path,
        options: TableDiffOptions(keys: keys, maxRowChanges: maxRowChanges))
}

/// Compares `text` with `Tests/MLVDiffTests/Golden/<name>.txt` (see `assertGolden`).
func assertTableGolden(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    assertGolden(text, named: name, filePath: tableGoldenAnchor, sourceLocation: sourceLocation)
}
