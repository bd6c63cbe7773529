import Foundation

/// Reads entries of one installed pack by offset, with `pread` (docs/FORMAT.md §7).
///
/// Thread-safe: immutable after init, and `pread` on one descriptor is safe from several threads.
final class PackReader: Sendable {
    /// The pack file's path, for messages.
    let path: String
    /// The file size in bytes at open.
    let size: UInt64
    private let file: FileReader

    /// Opens the pack at `path` and checks its header.
    ///
    /// - Throws: `.io` if it cannot be opened; `.corrupt` when it is shorter than a header and a
    ///   trailer or its magic is wrong; `.unsupportedVersion` for a newer version.
    init(path: String) throws(StorageError) {
        self.path = path
        file = try FileReader(path: path)
        size = try file.size()
        guard size >= UInt64(PackFormat.headerSize + PackFormat.trailerSize) else {
            throw StorageError(.corrupt, "pack '\(path)' is truncated: \(size) bytes is less than a header and trailer")
        }
        let header = try file.read(count: PackFormat.headerSize, at: 0)
        guard header.prefix(4).elementsEqual(PackFormat.magic) else {
            throw StorageError(.corrupt, "'\(path)' is not a pack: bad magic")
        }
        let version = header.bigEndianUInt32(at: 4)
        guard version == PackFormat.version else {
            if version > PackFormat.version {
                throw StorageError(
                    .unsupportedVersion,
                    "pack '\(path)' has version \(version); this mlv reads version \(PackFormat.version)",
                    hint: "upgrade mlv to read this repository")
            }
            throw StorageError(.corrupt, "pack '\(path)' has invalid version \(version)")
        }
    }

    /// The offset where the trailer starts: entries end here.
    var entriesEnd: UInt64 { size - UInt64(PackFormat.trailerSize) }

    /// Reads the stored bytes of `entry`, checking that the entry header in the pack agrees with it.
    ///
    /// - Throws: `.corrupt` naming the pack, the object and the offset when the entry runs past
    ///   the end of the pack or its header differs from the index.
    /// - Complexity: one `pread` of `42 + entry.storedLength` bytes.
    func readStored(_ entry: PackIndex.Entry) throws(StorageError) -> [UInt8] {
        let length = UInt64(PackFormat.entryHeaderSize + entry.storedLength)
        guard entry.offset >= UInt64(PackFormat.headerSize), entry.offset <= entriesEnd,
            length <= entriesEnd - entry.offset
        else {
            throw StorageError(
                .corrupt,
                "\(entry.kind) \(entry.id): index points past the end of pack '\(path)' "
                    + "(offset \(entry.offset), \(length) bytes, entries end at \(entriesEnd))",
                hint: "run 'mlv fsck' to list damaged objects")
        }
        var bytes = try file.read(count: Int(length), at: entry.offset)
        let header = PackEntryHeader(bytes)
        guard header.id == entry.id, header.kindByte == entry.kind.rawValue,
            header.codecByte == entry.codec.rawValue, header.rawLength == entry.rawLength,
            header.storedLength == entry.storedLength
        else {
            throw StorageError(
                .corrupt,
                "\(entry.kind) \(entry.id): entry header at offset \(entry.offset) of pack '\(path)' "
                    + "does not match the index",
                hint: "run 'mlv fsck' to list damaged objects")
        }
        bytes.removeFirst(PackFormat.entryHeaderSize)
        return bytes
    }

    /// Reads, decodes and hash-checks the object of `entry`.
    /// - Throws: `.corrupt` naming the object and pack when any check fails.
    func readObject(_ entry: PackIndex.Entry) throws(StorageError) -> [UInt8] {
        try PackReader.decodeVerified(try readStored(entry), entry: entry, source: path)
    }

    /// The trailer checksum recorded at the end of the pack.
    func storedChecksum() throws(StorageError) -> ObjectID {
        let bytes = try file.read(count: PackFormat.trailerSize, at: entriesEnd)
        // swift-format-ignore: NeverForceUnwrap
        // Exactly 32 bytes were read.
        return ObjectID(bytes: bytes)!
    }

    /// The pack checksum: SHA-256 of the pack header and every entry header, in order
    /// (docs/FORMAT.md §7.1); stored bytes are covered by each object's own id instead.
    /// - Throws: `.corrupt` when an entry runs past the trailer.
    /// - Complexity: O(entries) small reads; no stored byte is read.
    func computedChecksum() throws(StorageError) -> ObjectID {
        var hasher = SHA256Hasher()
        hasher.update(try file.read(count: PackFormat.headerSize, at: 0))
        var offset = UInt64(PackFormat.headerSize)
        while offset < entriesEnd {
            let header = try entryHeader(at: offset)
            hasher.update(try file.read(count: PackFormat.entryHeaderSize, at: offset))
            offset += UInt64(PackFormat.entryHeaderSize) + UInt64(header.storedLength)
        }
        return hasher.finalize()
    }

    /// Reads the entry header at `offset` during a sequential scan.
    /// - Throws: `.corrupt` when the header or its stored bytes would run past the entries' end.
    func entryHeader(at offset: UInt64) throws(StorageError) -> PackEntryHeader {
        guard entriesEnd - offset >= UInt64(PackFormat.entryHeaderSize) else {
            throw StorageError(
                .corrupt, "pack '\(path)' is truncated: partial entry header at offset \(offset)")
        }
        let header = PackEntryHeader(try file.read(count: PackFormat.entryHeaderSize, at: offset))
        let end = offset + UInt64(PackFormat.entryHeaderSize) + UInt64(header.storedLength)
        guard end <= entriesEnd else {
            throw StorageError(
                .corrupt,
                "pack '\(path)' is truncated: entry at offset \(offset) (\(header.id)) needs "
                    + "\(header.storedLength) stored bytes and runs past the trailer at \(entriesEnd)")
        }
        return header
    }

    /// Decodes `stored` and checks that the result hashes to `entry.id`.
    ///
    /// A chunk's id is the SHA-256 of its raw bytes; other kinds hash a `"<kind> <length>\0"` header
    /// first (``SHA256Hasher/hash(kind:body:)``).
    /// - Throws: `.corrupt` naming the object and `source` (a pack path) on any failure; a codec
    ///   error becomes the `underlying` cause.
    static func decodeVerified(_ stored: [UInt8], entry: PackIndex.Entry, source: String) throws(StorageError)
        -> [UInt8]
    {
        let raw: [UInt8]
        do {
            raw = try ChunkEncoder.decode(stored, codec: entry.codec, rawLength: entry.rawLength)
        } catch {
            throw StorageError(
                .corrupt, "\(entry.kind) \(entry.id) at offset \(entry.offset) of pack '\(source)' cannot be decoded",
                hint: "run 'mlv fsck' to list damaged objects", underlying: error)
        }
        guard raw.count == entry.rawLength else {
            throw StorageError(
                .corrupt,
                "\(entry.kind) \(entry.id) at offset \(entry.offset) of pack '\(source)' decodes to "
                    + "\(raw.count) bytes instead of \(entry.rawLength)",
                hint: "run 'mlv fsck' to list damaged objects")
        }
        let actual = SHA256Hasher.hash(kind: entry.kind, body: raw)
        guard actual == entry.id else {
            throw StorageError(
                .corrupt,
                "\(entry.kind) \(entry.id) at offset \(entry.offset) of pack '\(source)' is corrupt: "
                    + "its content hashes to \(actual)",
                hint: "run 'mlv fsck' to list damaged objects")
        }
        return raw
    }
}
