import MLVDiff
import MLVObjects
import MLVStorage

/// Knobs of `mlv diff` that decide how content is compared.
public struct DiffOptions: Sendable {
    /// Whether CSV/TSV files are diffed as tables: by detection, always, or never.
    public enum TableMode: Sendable { case auto, always, never }

    public var tables: TableMode = .auto
    /// Key columns for table rows (`--key`); empty to use `.mlvattributes`, then content alignment.
    public var keys: [String] = []
    /// Lines of context around text changes (`-U`).
    public var context = 3
    /// Files larger than this on either side are compared by their chunks only.
    public var contentLimit: UInt64 = 2 << 30

    public init() {}
}

/// How one changed file's content differs, by the kind of content.
public enum ContentDiff: Sendable {
    case text(TextDiff)
    case table(TableDiff)
    case tensor(TensorDiff)
    /// Shared chunks and size change (any content, and the fallback of the others).
    case binary(BinaryDiff)
}

/// One changed file: what changed in the tree and how its content differs.
public struct FileDiff: Sendable {
    public var change: TreeChange
    public var content: ContentDiff
    /// Why a richer diff fell back to a simpler one (a CSV that does not parse, a damaged
    /// safetensors header), naming the file and the problem.
    public var warnings: [String]

    /// The kind of diff shown: `text`, `table`, `tensor` or `binary`.
    public var kind: String {
        switch content {
        case .text: "text"
        case .table: "table"
        case .tensor: "tensor"
        case .binary: "binary"
        }
    }

    /// One line that says what changed (the textconv-style summary).
    public var summary: String {
        switch content {
        case .text(let diff): "+\(diff.insertions) -\(diff.deletions) lines"
        case .table(let diff): diff.summary
        case .tensor(let diff): diff.summary
        case .binary(let diff): diff.summary
        }
    }
}

extension Repository {
    /// The content diffs of every file that differs between the two sides, limited to `paths`.
    public func diff(_ sides: DiffSides, paths: [RepoPath] = [.root], options: DiffOptions = DiffOptions()) throws
        -> [FileDiff]
    {
        let attributes = attributes()
        return try changedFiles(sides, paths: paths).map { change in
            try diff(change, sources: sources(of: change, sides), options: options, attributes: attributes)
        }
    }

    /// Compares one file's two sides with the richest diff its content allows: tensors, then
    /// tables, then text, then chunks. A richer diff that fails falls back with a warning.
    func diff(
        _ change: TreeChange, sources: (old: ContentSource, new: ContentSource), options: DiffOptions,
        attributes: Attributes
    ) throws -> FileDiff {
        let path = change.path.rawValue
        let forced = attributes.value("diff", for: change.path)
        var warnings: [String] = []
        func binary(_ warnings: [String]) throws -> FileDiff {
            let old = try chunkList(sources.old, path: change.path)
            let new = try chunkList(sources.new, path: change.path)
            return FileDiff(change: change, content: .binary(BinaryDiff(old: old, new: new)), warnings: warnings)
        }
        if forced == "binary" || (change.oldSize ?? 0) > options.contentLimit
            || (change.newSize ?? 0) > options.contentLimit
        {
            return try binary(warnings)
        }
        let old = try content(sources.old)
        let new = try content(sources.new)
        let oldPresent = sources.old != .absent
        let newPresent = sources.new != .absent
        if forced == "tensor"
            || (forced == nil
                && (TensorDiff.looksLikeTensorFile(path: path, prefix: old.prefix(65536))
                    || TensorDiff.looksLikeTensorFile(path: path, prefix: new.prefix(65536))))
        {
            let result = Result { () throws(DiffError) -> TensorDiff in
                try TensorDiff(old: oldPresent ? old : nil, new: newPresent ? new : nil, path: path)
            }
            switch result {
            case .success(let tensors): return FileDiff(change: change, content: .tensor(tensors), warnings: warnings)
            case .failure(let error): return try binary(warnings + ["\(error); showing shared chunks instead"])
            }
        }
        let isBinary = TextDiff.isBinary(old[...]) || TextDiff.isBinary(new[...])
        let tableWanted: Bool
        switch options.tables {
        case .always: tableWanted = !isBinary
        case .never: tableWanted = false
        case .auto:
            tableWanted =
                forced == "table"
                || (forced == nil && !isBinary
                    && (TableDiff.looksLikeTable(path: path, bytes: old.prefix(65536))
                        || TableDiff.looksLikeTable(path: path, bytes: new.prefix(65536))))
        }
        if tableWanted {
            let keys = options.keys.isEmpty ? attributes.tableKey(for: change.path) : options.keys
            let result = Result { () throws(DiffError) -> TableDiff in
                try TableDiff(old: old, new: new, path: path, options: TableDiffOptions(keys: keys))
            }
            switch result {
            case .success(let table): return FileDiff(change: change, content: .table(table), warnings: warnings)
            case .failure(let error) where error.code == .malformed:
                warnings.append("\(error); showing a text diff instead")
            case .failure(let error): throw error
            }
        }
        if isBinary && forced != "text" { return try binary(warnings) }
        return FileDiff(
            change: change, content: .text(TextDiff(old: old, new: new, context: options.context)), warnings: warnings)
    }

    /// The chunks of one side: stored manifests as they are, worktree files cut as `add` would
    /// cut them (without storing anything).
    func chunkList(_ source: ContentSource, path: RepoPath) throws -> FileManifest? {
        switch source {
        case .absent: return nil
        case .stored: return try storedManifest(source)
        case .worktree:
            guard let stat = FileStat.of(layout.worktreeURL(path).path) else { return nil }
            let storer = FileStorer(repository: self, writer: nil, parallel: true)
            return try storer.manifest(path, expected: stat)
        }
    }
}
