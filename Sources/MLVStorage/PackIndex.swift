import Foundation

/// A pack's index, memory-mapped: finds an object's entry in a pack without reading the pack.
///
/// Opening validates the header, the size arithmetic and the fan-out table (256 reads) and never
/// touches the records, so an index of millions of objects opens in constant time. Verifying the
/// index checksum (``computedChecksum()``) reads everything and is left to fsck.
/// The key of a record is (id, kind): the same id may appear with two kinds.
/// Format: docs/FORMAT.md §7.
public struct PackIndex: Sendable {
    /// One record: where an object's entry starts in the pack, and how it is stored.
    public struct Entry: Sendable, Equatable {
        public var id: ObjectID
        public var kind: ObjectKind
        public var codec: ChunkCodec
        /// Byte offset of the entry header in the pack.
        public var offset: UInt64
        public var storedLength: Int
        public var rawLength: Int

        public init(
            id: ObjectID, kind: ObjectKind, codec: ChunkCodec, offset: UInt64, storedLength: Int, rawLength: Int
        ) {
            self.id = id
            self.kind = kind
            self.codec = codec
            self.offset = offset
            self.storedLength = storedLength
            self.rawLength = rawLength
        }
    }

    /// The index file's path, for messages.
    public let path: String
    /// The number of records.
    public let count: Int
    /// The checksum (trailer) of the pack this index describes.
    public let packChecksum: ObjectID
    private let data: Data

    /// Maps and validates the index at `path`.
    ///
    /// - Throws: `.io` if it cannot be read; `.corrupt` for bad magic, a size that does not match
    ///   the record count, or a broken fan-out table; `.unsupportedVersion` for a newer version.
    /// - Complexity: O(1) in the number of records.
    public init(path: String) throws(StorageError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw StorageError(.io, "cannot read pack index '\(path)'", underlying: error)
        }
        try self.init(data: data, path: path)
    }

    /// Validates index bytes already in memory; `path` is used in messages.
    public init(data: Data, path: String) throws(StorageError) {
        self.path = path
        self.data = data
        guard data.count >= PackIndexFormat.headerSize, data.prefix(4).elementsEqual(PackIndexFormat.magic) else {
            throw StorageError(.corrupt, "'\(path)' is not a pack index: bad magic")
        }
        let version = data.bigEndianUInt32(at: 4)
        guard version == PackIndexFormat.version else {
            if version > PackIndexFormat.version {
                throw StorageError(
                    .unsupportedVersion,
                    "pack index '\(path)' has version \(version); this mlv reads version \(PackIndexFormat.version)",
                    hint: "upgrade mlv to read this repository")
            }
            throw StorageError(.corrupt, "pack index '\(path)' has invalid version \(version)")
        }
        let count = Int(data.bigEndianUInt32(at: PackIndexFormat.countOffset))
        let expected = PackIndexFormat.fileSize(count: count)
        guard data.count == expected else {
            throw StorageError(
                .corrupt, "pack index '\(path)' has \(data.count) bytes; \(count) records need \(expected)")
        }
        var previous: UInt32 = 0
        for slot in 0..<PackIndexFormat.fanOutCount {
            let value = data.bigEndianUInt32(at: PackIndexFormat.fanOutOffset + 4 * slot)
            guard value >= previous, value <= count else {
                throw StorageError(.corrupt, "pack index '\(path)' has a broken fan-out table at slot \(slot)")
            }
            previous = value
        }
        guard previous == count else {
            throw StorageError(.corrupt, "pack index '\(path)' fan-out total \(previous) differs from count \(count)")
        }
        self.count = count
        let trailer = expected - PackIndexFormat.trailerSize
        // swift-format-ignore: NeverForceUnwrap
        // The size check above guarantees 64 trailer bytes.
        packChecksum = ObjectID(bytes: data, at: trailer)!
    }

    /// The record number of (id, kind), or nil when the index does not hold it.
    ///
    /// - Complexity: O(log n): the fan-out table narrows the range to ids with the same first
    ///   byte, then a binary search reads about log2(n / 256) records.
    public func find(_ id: ObjectID, kind: ObjectKind) -> Int? {
        let first = Int(id.firstByte)
        var low = first == 0 ? 0 : fanOut(first - 1)
        var high = fanOut(first)
        while low < high {
            let middle = low + (high - low) / 2
            let order = compare(record: middle, id: id, kind: kind.rawValue)
            if order == 0 { return middle }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// Ids of `kind` whose hex starts with `prefix`, in order.
    /// - Complexity: O(log n + matches): a binary search to the prefix's smallest id, then a scan
    ///   while the prefix still matches.
    public func ids(matching prefix: ObjectIDPrefix, kind: ObjectKind) -> [ObjectID] {
        let first = Int(prefix.lowerBound.firstByte)
        var low = first == 0 ? 0 : fanOut(first - 1)
        var high = count
        while low < high {
            let middle = low + (high - low) / 2
            if key(at: middle).id < prefix.lowerBound { low = middle + 1 } else { high = middle }
        }
        var found: [ObjectID] = []
        var record = low
        while record < count {
            let (id, kindByte) = key(at: record)
            guard prefix.matches(id) else { break }
            if kindByte == kind.rawValue { found.append(id) }
            record += 1
        }
        return found
    }

    /// Whether the index holds (id, kind).
    /// - Complexity: O(log n).
    public func contains(_ id: ObjectID, kind: ObjectKind) -> Bool { find(id, kind: kind) != nil }

    /// The entry for (id, kind), or nil when absent.
    /// - Throws: `.corrupt` when the record holds an unknown kind or codec.
    /// - Complexity: O(log n).
    public func lookup(_ id: ObjectID, kind: ObjectKind) throws(StorageError) -> Entry? {
        guard let record = find(id, kind: kind) else { return nil }
        return try entry(at: record)
    }

    /// The entry of record `record` (0..<count), in (id, kind) order.
    /// - Throws: `.corrupt` when the record holds an unknown kind or codec.
    public func entry(at record: Int) throws(StorageError) -> Entry {
        let base = PackIndexFormat.recordsOffset + record * PackIndexFormat.recordSize
        let kindByte = data[data.startIndex + base + PackIndexFormat.recordKindOffset]
        let codecByte = data[data.startIndex + base + PackIndexFormat.recordCodecOffset]
        let id = readID(at: base)
        guard let kind = ObjectKind(rawValue: kindByte) else {
            throw StorageError(.corrupt, "pack index '\(path)' record \(record) (\(id)) has unknown kind \(kindByte)")
        }
        guard let codec = ChunkCodec(rawValue: codecByte) else {
            throw StorageError(.corrupt, "pack index '\(path)' record \(record) (\(id)) has unknown codec \(codecByte)")
        }
        return Entry(
            id: id, kind: kind, codec: codec,
            offset: data.bigEndianUInt64(at: base + PackIndexFormat.recordOffsetOffset),
            storedLength: Int(data.bigEndianUInt32(at: base + PackIndexFormat.recordStoredLengthOffset)),
            rawLength: Int(data.bigEndianUInt32(at: base + PackIndexFormat.recordRawLengthOffset)))
    }

    /// The id and raw kind byte of record `record`, without validating the kind.
    func key(at record: Int) -> (id: ObjectID, kindByte: UInt8) {
        let base = PackIndexFormat.recordsOffset + record * PackIndexFormat.recordSize
        return (readID(at: base), data[data.startIndex + base + PackIndexFormat.recordKindOffset])
    }

    /// The index checksum stored in the last 32 bytes.
    public var storedChecksum: ObjectID {
        // swift-format-ignore: NeverForceUnwrap
        // init checked the size, so the trailer is there.
        ObjectID(bytes: data, at: data.count - 32)!
    }

    /// The SHA-256 of every byte before the index checksum; equals ``storedChecksum`` when intact.
    /// - Complexity: O(n): reads the whole index.
    public func computedChecksum() -> ObjectID {
        SHA256Hasher.hash(data.prefix(data.count - 32))
    }

    private func fanOut(_ slot: Int) -> Int {
        Int(data.bigEndianUInt32(at: PackIndexFormat.fanOutOffset + 4 * slot))
    }

    private func readID(at base: Int) -> ObjectID {
        ObjectID(
            w0: data.bigEndianUInt64(at: base), w1: data.bigEndianUInt64(at: base + 8),
            w2: data.bigEndianUInt64(at: base + 16), w3: data.bigEndianUInt64(at: base + 24))
    }

    /// Orders record `record` against (id, kind): negative if the record sorts first.
    private func compare(record: Int, id: ObjectID, kind: UInt8) -> Int {
        let base = PackIndexFormat.recordsOffset + record * PackIndexFormat.recordSize
        var value = data.bigEndianUInt64(at: base)
        if value != id.w0 { return value < id.w0 ? -1 : 1 }
        value = data.bigEndianUInt64(at: base + 8)
        if value != id.w1 { return value < id.w1 ? -1 : 1 }
        value = data.bigEndianUInt64(at: base + 16)
        if value != id.w2 { return value < id.w2 ? -1 : 1 }
        value = data.bigEndianUInt64(at: base + 24)
        if value != id.w3 { return value < id.w3 ? -1 : 1 }
        let stored = data[data.startIndex + base + PackIndexFormat.recordKindOffset]
        return stored == kind ? 0 : (stored < kind ? -1 : 1)
    }
}
