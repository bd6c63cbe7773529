import Foundation

/// Writes objects in the pack file layout (docs/FORMAT.md §7.1) to any byte sink: the form in
/// which objects travel between repositories.
///
/// Call ``header()`` once, ``entry(_:)`` per object, then ``trailer()``; concatenated, the pieces
/// are a valid pack. The trailer is the same checksum a pack file carries (SHA-256 of the header
/// and every entry header), so a received stream can be installed as a pack as it is.
public struct PackStreamEncoder {
    private var hasher = SHA256Hasher()
    public private(set) var objectCount = 0
    /// Bytes produced so far.
    public private(set) var byteCount = 0

    public init() {}

    /// The 8 header bytes.
    public mutating func header() -> [UInt8] {
        let bytes = PackFormat.header
        hasher.update(bytes)
        byteCount += bytes.count
        return bytes
    }

    /// One entry: the 42-byte entry header followed by the stored bytes.
    public mutating func entry(_ object: StoredObject) -> [UInt8] {
        var bytes = PackFormat.entryHeader(
            kind: object.kind, codec: object.codec, rawLength: object.rawLength, storedLength: object.bytes.count,
            id: object.id)
        hasher.update(bytes)
        bytes.append(contentsOf: object.bytes)
        objectCount += 1
        byteCount += bytes.count
        return bytes
    }

    /// The 32-byte trailer; the encoder is spent afterwards.
    public mutating func trailer() -> [UInt8] {
        let checksum = hasher.finalize()
        hasher = SHA256Hasher()
        var bytes = [UInt8]()
        checksum.append(to: &bytes)
        byteCount += bytes.count
        return bytes
    }
}

/// Parses a pack byte stream that arrives in pieces (a network body, a file read in blocks).
///
/// ``feed(_:)`` returns the objects completed by each piece; ``finish()`` checks that the stream
/// ended with the right trailer. Objects are returned as they are stored, not yet verified: the
/// receiver verifies each (``ObjectWriter/putStored(_:source:)`` does). Memory is bounded by the
/// largest entry plus one piece.
public struct PackStreamDecoder {
    /// Entries larger than this are rejected before they are buffered.
    public let maxStoredLength: Int
    private let source: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var sawHeader = false
    private var hasher = SHA256Hasher()
    public private(set) var objectCount = 0
    /// Bytes consumed so far.
    public private(set) var byteCount = 0
    /// The stored length an entry claimed when ``feed(_:)`` refused it for exceeding
    /// ``maxStoredLength`` (a server answers 413 rather than 400).
    public private(set) var oversizedEntryLength: Int?

    /// - Parameters:
    ///   - source: names the stream in messages (a remote URL, a file).
    ///   - maxStoredLength: the largest stored entry accepted (256 MiB by default).
    public init(source: String, maxStoredLength: Int = 256 << 20) {
        self.source = source
        self.maxStoredLength = maxStoredLength
    }

    /// Consumes `bytes` and returns the entries they complete, in stream order.
    ///
    /// - Throws: `.corrupt` naming the source for a bad magic, an unknown kind or codec, or an
    ///   oversized entry; `.unsupportedVersion` for a newer pack version.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(StorageError) -> [StoredObject] {
        buffer.append(contentsOf: bytes)
        byteCount += bytes.count
        var objects: [StoredObject] = []
        if !sawHeader {
            guard buffer.count - start >= PackFormat.headerSize else { return objects }
            let header = Array(buffer[start..<start + PackFormat.headerSize])
            guard header.prefix(4).elementsEqual(PackFormat.magic) else {
                throw StorageError(.corrupt, "pack stream from \(source) does not start with a pack header")
            }
            let version = header.bigEndianUInt32(at: 4)
            guard version == PackFormat.version else {
                throw StorageError(
                    version > PackFormat.version ? .unsupportedVersion : .corrupt,
                    "pack stream from \(source) has version \(version); this mlv reads version \(PackFormat.version)")
            }
            hasher.update(header)
            start += PackFormat.headerSize
            sawHeader = true
        }
        // An entry is complete once its bytes and 32 more are buffered: the last 32 bytes of the
        // stream are the trailer, not an entry.
        while buffer.count - start >= PackFormat.entryHeaderSize + PackFormat.trailerSize {
            let header = PackEntryHeader(buffer, at: start)
            guard let kind = ObjectKind(rawValue: header.kindByte) else {
                throw StorageError(
                    .corrupt, "pack stream from \(source) has an entry of unknown kind \(header.kindByte)")
            }
            guard let codec = ChunkCodec(rawValue: header.codecByte) else {
                throw StorageError(
                    .corrupt, "pack stream from \(source): \(kind) \(header.id) has unknown codec \(header.codecByte)")
            }
            guard header.storedLength <= maxStoredLength else {
                oversizedEntryLength = header.storedLength
                throw StorageError(
                    .corrupt,
                    "pack stream from \(source): \(kind) \(header.id) claims \(header.storedLength) stored bytes, "
                        + "more than the limit of \(maxStoredLength)")
            }
            let end = start + PackFormat.entryHeaderSize + header.storedLength
            guard buffer.count - end >= PackFormat.trailerSize else { break }
            hasher.update(buffer[start..<start + PackFormat.entryHeaderSize])
            let stored = Array(buffer[start + PackFormat.entryHeaderSize..<end])
            objects.append(
                StoredObject(id: header.id, kind: kind, codec: codec, rawLength: header.rawLength, bytes: stored))
            objectCount += 1
            start = end
        }
        if start > 1 << 20 || start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return objects
    }

    /// Checks that exactly the trailer is left and that it matches the headers seen.
    ///
    /// - Throws: `.corrupt` naming the source when the stream was cut short or the checksum differs.
    public mutating func finish() throws(StorageError) {
        guard sawHeader, buffer.count - start == PackFormat.trailerSize else {
            throw StorageError(
                .corrupt, "pack stream from \(source) ended early (\(byteCount) bytes, \(objectCount) objects complete)"
            )
        }
        // swift-format-ignore: NeverForceUnwrap
        // Exactly 32 bytes are left, the size of an id.
        let trailer = ObjectID(bytes: Array(buffer[start...]), at: 0)!
        let expected = hasher.finalize()
        hasher = SHA256Hasher()
        guard trailer == expected else {
            throw StorageError(
                .corrupt, "pack stream from \(source) has a wrong checksum: \(trailer), expected \(expected)")
        }
    }
}
