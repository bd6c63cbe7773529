/// The 32-byte SHA-256 name of a stored object.
///
/// Stored as four big-endian `UInt64` words, so equality, hashing and bytewise ordering cost a few
/// integer compares and no heap allocation. Hex exists only at the edges (files, wire, CLI): use
/// ``init(hex:)`` to parse and ``description`` to print.
public struct ObjectID: Hashable, Comparable, Sendable {
    /// The digest as four big-endian words: `w0` holds bytes 0–7, `w3` holds bytes 24–31.
    public var w0: UInt64
    public var w1: UInt64
    public var w2: UInt64
    public var w3: UInt64

    /// The number of bytes in an id.
    public static let byteCount = 32

    /// The id whose bytes are all zero; used for "no object" in reflogs and CAS updates.
    public static let zero = ObjectID(w0: 0, w1: 0, w2: 0, w3: 0)

    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// Reads an id from exactly 32 bytes starting at `offset`; returns nil when fewer remain.
    public init?(bytes: some Collection<UInt8>, at offset: Int = 0) {
        guard offset >= 0, bytes.count - offset >= ObjectID.byteCount else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        var index = bytes.index(bytes.startIndex, offsetBy: offset)
        for word in 0..<4 {
            var value: UInt64 = 0
            for _ in 0..<8 {
                value = (value << 8) | UInt64(bytes[index])
                index = bytes.index(after: index)
            }
            words[word] = value
        }
        self.init(w0: words[0], w1: words[1], w2: words[2], w3: words[3])
    }

    /// Reads an id from 32 bytes of an array at `offset`; nil when fewer remain.
    /// - Complexity: O(1): four unaligned loads.
    public init?(bytes: [UInt8], at offset: Int = 0) {
        guard offset >= 0, bytes.count - offset >= ObjectID.byteCount else { return nil }
        self = unsafe bytes.withUnsafeBytes { raw in
            ObjectID(
                w0: UInt64(bigEndian: unsafe raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                w1: UInt64(bigEndian: unsafe raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)),
                w2: UInt64(bigEndian: unsafe raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)),
                w3: UInt64(bigEndian: unsafe raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)))
        }
    }

    /// Reads an id from the first 32 bytes of an array slice; nil when fewer remain.
    public init?(bytes: ArraySlice<UInt8>) {
        guard bytes.count >= ObjectID.byteCount else { return nil }
        self = unsafe bytes.withUnsafeBytes { raw in
            ObjectID(
                w0: UInt64(bigEndian: unsafe raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                w1: UInt64(bigEndian: unsafe raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                w2: UInt64(bigEndian: unsafe raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                w3: UInt64(bigEndian: unsafe raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
        }
    }

    /// The 32 bytes of the id, most significant first.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        append(to: &out)
        return out
    }

    /// Appends the 32 bytes of the id to `buffer`.
    public func append(to buffer: inout [UInt8]) {
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                buffer.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
    }

    /// The first byte of the id, used by pack index fan-out tables.
    public var firstByte: UInt8 { UInt8(truncatingIfNeeded: w0 >> 56) }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        if lhs.w0 != rhs.w0 { return lhs.w0 < rhs.w0 }
        if lhs.w1 != rhs.w1 { return lhs.w1 < rhs.w1 }
        if lhs.w2 != rhs.w2 { return lhs.w2 < rhs.w2 }
        return lhs.w3 < rhs.w3
    }
}
