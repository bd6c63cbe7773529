import MLVObjects

/// What can be said about two versions of a file that is diffed as bytes: the size change and
/// how much content the versions share, measured on their chunks (content-defined, so an edit
/// changes only the chunks around it). Either version may be absent: an added or deleted file.
///
/// Chunks are compared by id as multisets: a chunk that occurs twice in the new version is
/// shared twice only if it also occurs twice in the old one. The share is measured against the
/// new version (what a reader of the new version already has), or the old one for a deleted
/// file.
///
/// JSON (``encode(to:)``):
/// ```
/// {"oldSize": 1200000, "newSize": 1300000, "oldChunks": 412, "newChunks": 420,
///  "sharedChunks": 410, "sharedBytes": 1267500, "sharedFraction": 0.975,
///  "summary": "1.2 MB → 1.3 MB (+8.3%), 97.5% of bytes shared (410 of 420 chunks)"}
/// ```
/// `oldSize`/`newSize` are `null` for an absent version (and its chunk count 0);
/// `sharedFraction` is `null` when there is nothing to share (an empty reference version).
public struct BinaryDiff: Sendable, Equatable, Encodable {
    /// The old size in bytes; nil when the file was added.
    public let oldSize: UInt64?
    /// The new size in bytes; nil when the file was deleted.
    public let newSize: UInt64?
    public let oldChunkCount: Int
    public let newChunkCount: Int
    /// Chunks in both versions, counted as a multiset intersection of their ids.
    public let sharedChunks: Int
    /// The bytes of those chunks.
    public let sharedBytes: UInt64

    /// Compares the chunk lists of two versions.
    /// - Complexity: O(c log c) for c chunks in both (sorted by id, then merged).
    public init(old: FileManifest?, new: FileManifest?) {
        oldSize = old?.size
        newSize = new?.size
        oldChunkCount = old?.chunks.count ?? 0
        newChunkCount = new?.chunks.count ?? 0
        let oldChunks = (old?.chunks ?? []).sorted { $0.id < $1.id }
        let newChunks = (new?.chunks ?? []).sorted { $0.id < $1.id }
        var (shared, bytes) = (0, UInt64(0))
        var (o, n) = (0, 0)
        while o < oldChunks.count, n < newChunks.count {
            if oldChunks[o].id == newChunks[n].id {
                shared += 1
                bytes += UInt64(newChunks[n].length)
                o += 1
                n += 1
            } else if oldChunks[o].id < newChunks[n].id {
                o += 1
            } else {
                n += 1
            }
        }
        sharedChunks = shared
        sharedBytes = bytes
    }

    /// ``sharedBytes`` over the new size (the old size for a deleted file), or nil when that
    /// size is 0 or both versions are absent.
    public var sharedFraction: Double? {
        guard let reference = newSize ?? oldSize, reference > 0 else { return nil }
        return Double(sharedBytes) / Double(reference)
    }

    /// One line, in decimal units with one decimal:
    /// - both versions: `1.2 MB → 1.3 MB (+8.3%), 97.5% of bytes shared (410 of 420 chunks)`;
    ///   the size change is left out when the old version is empty, the share when the new one is
    ///   (shares are rounded down, so `100.0%` means all);
    /// - an added file: `added, 1.3 MB in 420 chunks`; a deleted one: `deleted, 1.2 MB in 412 chunks`.
    public var summary: String {
        switch (oldSize, newSize) {
        case (let old?, let new?):
            var text = NumberText.bytes(old) + " → " + NumberText.bytes(new)
            if old > 0 { text += " (" + NumberText.signedPercent((Double(new) - Double(old)) / Double(old)) + ")" }
            if let fraction = sharedFraction {
                text +=
                    ", \(NumberText.percentDown(fraction)) of bytes shared "
                    + "(\(sharedChunks) of \(newChunkCount) \(newChunkCount == 1 ? "chunk" : "chunks"))"
            }
            return text
        case (nil, let new?):
            return "added, \(NumberText.bytes(new)) in \(newChunkCount) \(newChunkCount == 1 ? "chunk" : "chunks")"
        case (let old?, nil):
            return "deleted, \(NumberText.bytes(old)) in \(oldChunkCount) \(oldChunkCount == 1 ? "chunk" : "chunks")"
        case (nil, nil):
            return "absent in both versions"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case oldSize, newSize, oldChunks, newChunks, sharedChunks, sharedBytes, sharedFraction, summary
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(oldSize, forKey: .oldSize)
        try container.encode(newSize, forKey: .newSize)
        try container.encode(oldChunkCount, forKey: .oldChunks)
        try container.encode(newChunkCount, forKey: .newChunks)
        try container.encode(sharedChunks, forKey: .sharedChunks)
        try container.encode(sharedBytes, forKey: .sharedBytes)
        try container.encode(sharedFraction, forKey: .sharedFraction)
        try container.encode(summary, forKey: .summary)
    }
}
