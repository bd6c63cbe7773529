import Foundation

/// A pack file checked end to end, with the index that describes it.
public struct IndexedPack: Sendable {
    /// The pack's trailer, which names it (`pack-<checksum>.pack`).
    public var checksum: ObjectID
    /// Every entry, in pack order, with its offset.
    public var entries: [PackIndex.Entry]
    /// The index file's bytes (docs/FORMAT.md §7).
    public var index: [UInt8]

    /// `pack-<checksum>.pack`.
    public var packFileName: String { PackFormat.fileName(checksum: checksum) }
    /// `pack-<checksum>.idx`.
    public var indexFileName: String { PackIndexFormat.fileName(checksum: checksum) }
}

extension PackIndexWriter {
    /// Reads the pack (or pack stream, the same bytes) at `url`, verifies every object and the
    /// trailer, and builds its index, so that the pack can be installed somewhere as it is.
    ///
    /// - Parameter source: names the pack in messages (a remote, a file).
    /// - Throws: `.io` when the file cannot be read; `.corrupt` naming `source` when the stream is
    ///   malformed, an object does not hash to its id, or the trailer is wrong; `.invalidArgument`
    ///   when an object appears twice.
    /// - Complexity: one sequential read, one decode and SHA-256 per object, O(n log n) to sort.
    public static func index(packAt url: URL, source: String) throws(StorageError) -> IndexedPack {
        let reader = try FileReader(path: url.path)
        let size = try reader.size()
        var decoder = PackStreamDecoder(source: source)
        var entries: [PackIndex.Entry] = []
        var offset = UInt64(PackFormat.headerSize)
        var position: UInt64 = 0
        while position < size {
            let block = try reader.read(upTo: 1 << 20, at: position)
            if block.isEmpty { break }
            position += UInt64(block.count)
            for object in try decoder.feed(block) {
                try object.verified(source: source)
                entries.append(
                    PackIndex.Entry(
                        id: object.id, kind: object.kind, codec: object.codec, offset: offset,
                        storedLength: object.bytes.count, rawLength: object.rawLength))
                offset += UInt64(PackFormat.entryHeaderSize + object.bytes.count)
            }
        }
        try decoder.finish()
        // swift-format-ignore: NeverForceUnwrap
        // finish() checked that the last 32 bytes are the trailer.
        let checksum = ObjectID(bytes: try reader.read(count: PackFormat.trailerSize, at: size - 32), at: 0)!
        return IndexedPack(checksum: checksum, entries: entries, index: try encode(entries, packChecksum: checksum))
    }

    /// The size of an entry's header in a pack, before its stored bytes (docs/FORMAT.md §7.1).
    public static var packEntryHeaderSize: Int { PackFormat.entryHeaderSize }

    /// The checksum named by a `pack-<hex>.pack` or `pack-<hex>.idx` file name, or nil.
    public static func packChecksum(fromFileName name: String) -> ObjectID? {
        PackFormat.checksum(fromFileName: name)
    }
}
