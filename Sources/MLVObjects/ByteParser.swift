import MLVStorage

/// A cursor over an object body for the binary decoders; every read is bounds-checked and
/// failures name the object kind and byte offset.
struct ByteParser {
    let bytes: [UInt8]
    let what: String
    private(set) var offset = 0

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    var isAtEnd: Bool { offset == bytes.count }

    func truncated(_ need: Int) -> ObjectsError {
        ObjectsError(
            .malformed,
            "\(what) is truncated: expected \(need) bytes at offset \(offset), found \(bytes.count - offset)")
    }

    mutating func take(_ count: Int) throws(ObjectsError) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - offset >= count else { throw truncated(count) }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func uint(_ width: Int) throws(ObjectsError) -> UInt64 {
        var value: UInt64 = 0
        for byte in try take(width) { value = (value << 8) | UInt64(byte) }
        return value
    }

    mutating func u8() throws(ObjectsError) -> UInt8 { UInt8(try uint(1)) }
    mutating func u16() throws(ObjectsError) -> Int { Int(try uint(2)) }
    mutating func u32() throws(ObjectsError) -> Int { Int(try uint(4)) }
    mutating func u64() throws(ObjectsError) -> UInt64 { try uint(8) }

    mutating func objectID() throws(ObjectsError) -> ObjectID {
        let slice = try take(ObjectID.byteCount)
        guard let id = ObjectID(bytes: slice) else { throw truncated(ObjectID.byteCount) }
        return id
    }

    func expectEnd() throws(ObjectsError) {
        guard isAtEnd else {
            throw ObjectsError(.malformed, "\(what) has \(bytes.count - offset) trailing bytes at offset \(offset)")
        }
    }
}
