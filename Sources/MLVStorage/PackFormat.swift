/// Byte layout of a pack file (docs/FORMAT.md §7). All integers are big-endian.
///
/// ```
/// header   magic "MLVP" (4) | version u32 (4)
/// entry*   kind u8 | codec u8 | rawLength u32 | storedLength u32 | id (32) | stored bytes
/// trailer  SHA-256 of every preceding byte (32)
/// ```
/// The trailer names the pack: `objects/pack/pack-<64 hex of trailer>.pack`.
enum PackFormat {
    static let magic: [UInt8] = Array("MLVP".utf8)
    /// The only version this build reads and writes.
    static let version: UInt32 = 1
    static let headerSize = 8
    /// kind 1 + codec 1 + rawLength 4 + storedLength 4 + id 32.
    static let entryHeaderSize = 42
    static let kindOffset = 0
    static let codecOffset = 1
    static let rawLengthOffset = 2
    static let storedLengthOffset = 6
    static let idOffset = 10
    static let trailerSize = 32
    /// The largest raw or stored length one entry can record.
    static let maxEntryLength = Int(UInt32.max)

    static let fileExtension = "pack"
    static let filePrefix = "pack-"

    /// The header bytes that begin every pack.
    static var header: [UInt8] {
        var bytes = magic
        bytes.appendBigEndian(version)
        return bytes
    }

    /// `pack-<hex>.pack` for a pack whose trailer is `checksum`.
    static func fileName(checksum: ObjectID) -> String { "\(filePrefix)\(checksum).\(fileExtension)" }

    /// The checksum named by a `pack-<hex>.pack` or `pack-<hex>.idx` file name, or nil.
    static func checksum(fromFileName name: String) -> ObjectID? {
        guard name.hasPrefix(filePrefix), let dot = name.lastIndex(of: ".") else { return nil }
        return ObjectID(hex: name[name.index(name.startIndex, offsetBy: filePrefix.count)..<dot])
    }

    /// Encodes an entry header.
    static func entryHeader(kind: ObjectKind, codec: ChunkCodec, rawLength: Int, storedLength: Int, id: ObjectID)
        -> [UInt8]
    {
        var bytes = [UInt8]()
        bytes.reserveCapacity(entryHeaderSize)
        bytes.append(kind.rawValue)
        bytes.append(codec.rawValue)
        bytes.appendBigEndian(UInt32(truncatingIfNeeded: rawLength))
        bytes.appendBigEndian(UInt32(truncatingIfNeeded: storedLength))
        id.append(to: &bytes)
        return bytes
    }
}

/// One entry header as found in a pack, before its kind and codec bytes are validated.
struct PackEntryHeader: Equatable {
    var kindByte: UInt8
    var codecByte: UInt8
    var rawLength: Int
    var storedLength: Int
    var id: ObjectID

    /// Parses the 42 header bytes at `offset` of `bytes`; the caller has checked they are there.
    init(_ bytes: [UInt8], at offset: Int = 0) {
        kindByte = bytes[offset + PackFormat.kindOffset]
        codecByte = bytes[offset + PackFormat.codecOffset]
        rawLength = Int(bytes.bigEndianUInt32(at: offset + PackFormat.rawLengthOffset))
        storedLength = Int(bytes.bigEndianUInt32(at: offset + PackFormat.storedLengthOffset))
        // swift-format-ignore: NeverForceUnwrap
        // The caller guarantees entryHeaderSize bytes at offset, which include the 32-byte id.
        id = ObjectID(bytes: bytes, at: offset + PackFormat.idOffset)!
    }
}
