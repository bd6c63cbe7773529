import MLVDiff

/// The content merger `mlv merge` uses: git's line-level three-way merge for text, a
/// row-level three-way merge by key for tables, and `DefaultFileMerger` for everything else
/// (binaries, tables without a key, modify/delete).
///
/// Table keys come from `--key`-style options or `.mlvattributes` (`*.csv key=id`); a table
/// without a key cannot be merged by rows safely (rows have no identity), so it conflicts as a
/// whole, keeping ours and writing `<file>.theirs` and `<file>.base`.
public struct ContentFileMerger: FileMerger {
    public var attributes: Attributes
    /// Key columns for every table, overriding `.mlvattributes` when not empty.
    public var keys: [String]

    public init(attributes: Attributes = Attributes(), keys: [String] = []) {
        self.attributes = attributes
        self.keys = keys
    }

    public func merge(path: RepoPath, base: [UInt8]?, ours: [UInt8]?, theirs: [UInt8]?, labels: MergeLabels) throws
        -> FileMergeOutcome
    {
        let fallback = DefaultFileMerger()
        guard let ours, let theirs else {
            return try fallback.merge(path: path, base: base, ours: ours, theirs: theirs, labels: labels)
        }
        if ours == theirs { return .merged(ours) }
        let forced = attributes.value("diff", for: path)
        let sides = [base ?? [], ours, theirs]
        if forced == "binary" || sides.contains(where: { TextDiff.isBinary($0[...]) }) {
            return try fallback.merge(path: path, base: base, ours: ours, theirs: theirs, labels: labels)
        }
        let isTable =
            forced == "table"
            || (forced == nil && TableDiff.looksLikeTable(path: path.rawValue, bytes: ours.prefix(65536)))
        if isTable {
            let keys = self.keys.isEmpty ? attributes.tableKey(for: path) : self.keys
            guard let base, !keys.isEmpty else {
                return try fallback.merge(path: path, base: base, ours: ours, theirs: theirs, labels: labels)
            }
            let result = Result { () throws(DiffError) -> TableMergeResult in
                try TableMerge.merge(base: base, ours: ours, theirs: theirs, keys: keys, path: path.rawValue)
            }
            switch result {
            case .success(let table) where table.isClean: return .merged(table.merged)
            case .success(let table): return .conflict(worktree: table.merged, writeTheirs: true, writeBase: true)
            case .failure:
                // Not parseable as a table with that key: keep both versions for the user.
                return try fallback.merge(path: path, base: base, ours: ours, theirs: theirs, labels: labels)
            }
        }
        let text = TextMerge.merge(
            base: base ?? [], ours: ours, theirs: theirs, oursLabel: labels.ours, theirsLabel: labels.theirs)
        return text.isClean
            ? .merged(text.merged) : .conflict(worktree: text.merged, writeTheirs: false, writeBase: false)
    }
}
