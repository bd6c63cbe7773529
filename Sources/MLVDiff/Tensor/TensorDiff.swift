import MLVFormats

/// A diff of two versions of a tensor file (safetensors or NPY) that understands its tensors:
/// which were added, removed, renamed (same dtype, shape and bytes under a new name) or modified,
/// how dtypes and shapes changed, how much the values moved (``TensorStatistics``), and how the
/// safetensors metadata changed.
///
/// Tensors with the same name, dtype, shape and bytes are unchanged: they are compared byte for
/// byte first, which is cheap, and counted in ``unchangedCount`` only. Statistics are computed
/// for modified tensors whose shape is unchanged, block by block without copying whole tensors.
///
/// JSON (``encode(to:)``; keys sorted by the caller's encoder):
/// ```
/// {"path": "model.safetensors", "format": {"old": "safetensors", "new": "safetensors"},
///  "summary": "2 tensors changed, 1 added, 0 removed; max |Δ| 0.25",
///  "counts": {"modified": 2, "added": 1, "removed": 0, "renamed": 0, "unchanged": 7},
///  "maxAbsDiff": 0.25, "tensors": [<TensorChange>, …], "metadata": [<MetadataChange>, …]}
/// ```
/// `format.old` or `format.new` is `null` when the file is absent on that side; `maxAbsDiff` is
/// `null` when no tensor has statistics; tensors are sorted by name, metadata by key.
public struct TensorDiff: Sendable, Equatable, Encodable {
    /// The file format of one side.
    public enum Format: String, Sendable, Encodable {
        case safetensors
        case npy
    }

    /// The file's path, as given.
    public let path: String
    /// The old version's format; nil when the file did not exist.
    public let oldFormat: Format?
    /// The new version's format; nil when the file was deleted.
    public let newFormat: Format?
    /// The changed tensors, sorted by ``TensorChange/name`` (UTF-8 bytes).
    public let changes: [TensorChange]
    /// The changed metadata keys, sorted by key (UTF-8 bytes).
    public let metadataChanges: [MetadataChange]
    /// Tensors with the same name, dtype, shape and bytes in both versions.
    public let unchangedCount: Int

    /// Diffs two versions of the file at `path`.
    /// - Throws: `DiffError(.malformed, "<path>: …")` when either version is not a valid
    ///   safetensors or NPY file (truncated, a header that lies about offsets or shapes,
    ///   overlapping tensors, an unknown dtype, a Fortran-order NPY array…); show a binary diff then.
    /// - Complexity: O(h + t log t) to read the headers, O(n) byte comparison of same-named
    ///   tensors, and O(n) for the statistics of the modified ones, for n bytes of data.
    public init(old: [UInt8], new: [UInt8], path: String) throws(DiffError) {
        try self.init(old: Optional(old), new: Optional(new), path: path)
    }

    /// Diffs two versions, either of which may be absent (nil): then all the other side's
    /// tensors are added or removed.
    /// - Throws: as ``init(old:new:path:)``.
    public init(old: [UInt8]?, new: [UInt8]?, path: String) throws(DiffError) {
        let oldFile = try old.map { bytes throws(DiffError) in try TensorFile(bytes: bytes, path: path, side: "old") }
        let newFile = try new.map { bytes throws(DiffError) in try TensorFile(bytes: bytes, path: path, side: "new") }
        self.path = path
        oldFormat = oldFile?.format
        newFormat = newFile?.format
        var matcher = TensorMatcher(old: oldFile?.tensors ?? [], new: newFile?.tensors ?? [])
        changes = matcher.changes()
        unchangedCount = matcher.unchanged
        metadataChanges = TensorDiff.metadataChanges(oldFile?.metadata ?? [:], newFile?.metadata ?? [:])
    }

    /// True when `prefix` (the first bytes of the file, 9 are enough) or `path` marks a tensor
    /// file worth a tensor diff: NPY's magic, a `.safetensors` or `.npy` extension, or the start
    /// of a safetensors header (a little-endian length up to 100,000,000, then `{`).
    public static func looksLikeTensorFile(path: String, prefix: ArraySlice<UInt8>) -> Bool {
        TensorFile.looksLikeTensorFile(path: path, prefix: prefix)
    }

    /// Tensors of ``TensorChange/Kind/modified`` kind.
    public var modifiedCount: Int { changes.count { $0.kind == .modified } }
    public var addedCount: Int { changes.count { $0.kind == .added } }
    public var removedCount: Int { changes.count { $0.kind == .removed } }
    public var renamedCount: Int { changes.count { $0.kind == .renamed } }

    /// The largest ``TensorStatistics/maxAbsDifference`` of any tensor, or nil when no tensor
    /// has statistics.
    public var maxAbsDifference: Double? {
        changes.compactMap { $0.statistics?.maxAbsDifference }.max()
    }

    /// True when nothing tensor-level changed (the files may still differ in header layout).
    public var isEmpty: Bool { changes.isEmpty && metadataChanges.isEmpty }

    /// The metadata keys that differ, sorted by their UTF-8 bytes.
    private static func metadataChanges(_ old: [String: String], _ new: [String: String]) -> [MetadataChange] {
        let keys = Set(old.keys).union(new.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return keys.compactMap { key in
            old[key] == new[key] ? nil : MetadataChange(key: key, old: old[key], new: new[key])
        }
    }

    private enum CodingKeys: String, CodingKey {
        case path, format, summary, counts, maxAbsDiff, tensors, metadata
    }

    private enum FormatKeys: String, CodingKey { case old, new }
    private enum CountKeys: String, CodingKey { case modified, added, removed, renamed, unchanged }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        var format = container.nestedContainer(keyedBy: FormatKeys.self, forKey: .format)
        try format.encode(oldFormat, forKey: .old)
        try format.encode(newFormat, forKey: .new)
        try container.encode(summary, forKey: .summary)
        var counts = container.nestedContainer(keyedBy: CountKeys.self, forKey: .counts)
        try counts.encode(modifiedCount, forKey: .modified)
        try counts.encode(addedCount, forKey: .added)
        try counts.encode(removedCount, forKey: .removed)
        try counts.encode(renamedCount, forKey: .renamed)
        try counts.encode(unchangedCount, forKey: .unchanged)
        try container.encode(maxAbsDifference.flatMap { $0.isFinite ? $0 : nil }, forKey: .maxAbsDiff)
        try container.encode(changes, forKey: .tensors)
        try container.encode(metadataChanges, forKey: .metadata)
    }
}
