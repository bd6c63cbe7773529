/// Byte layout of a pack index (docs/FORMAT.md §7). All integers are big-endian.
///
/// ```
/// header   magic "MLVX" (4) | version u32 (4) | count u32 (4)
/// fan-out  256 × u32: entry i = number of records whose id's first byte is <= i
/// records  count × 52 bytes, sorted by (id, kind):
///          id (32) | offset u64 | storedLength u32 | rawLength u32 | kind u8 | codec u8 | 0 0
/// trailer  pack checksum (32) | SHA-256 of every preceding index byte (32)
/// ```
enum PackIndexFormat {
    static let magic: [UInt8] = Array("MLVX".utf8)
    /// The only version this build reads and writes.
    static let version: UInt32 = 1
    static let headerSize = 12
    static let countOffset = 8
    static let fanOutOffset = 12
    static let fanOutCount = 256
    static let recordsOffset = fanOutOffset + 4 * fanOutCount
    static let recordSize = 52
    static let recordIDOffset = 0
    static let recordOffsetOffset = 32
    static let recordStoredLengthOffset = 40
    static let recordRawLengthOffset = 44
    static let recordKindOffset = 48
    static let recordCodecOffset = 49
    static let trailerSize = 64

    static let fileExtension = "idx"

    /// The exact size of an index with `count` records.
    static func fileSize(count: Int) -> Int { recordsOffset + recordSize * count + trailerSize }

    /// `pack-<hex>.idx` for the pack whose trailer is `checksum`.
    static func fileName(checksum: ObjectID) -> String { "\(PackFormat.filePrefix)\(checksum).\(fileExtension)" }
}
