import Foundation

/// Big-endian integer encoding shared by the pack and index codecs (docs/FORMAT.md, "Conventions").
extension Array where Element == UInt8 {
    /// Appends `value` as 4 big-endian bytes.
    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(truncatingIfNeeded: value >> 24))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends `value` as 8 big-endian bytes.
    mutating func appendBigEndian(_ value: UInt64) {
        appendBigEndian(value, width: 8)
    }

    /// Appends the low `width` bytes of `value`, most significant first (the encoders of every
    /// mlv format use this).
    public mutating func appendBigEndian(_ value: UInt64, width: Int) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}

extension RandomAccessCollection where Element == UInt8, Index == Int {
    /// The big-endian `UInt32` at `offset`; the caller has checked that 4 bytes remain.
    func bigEndianUInt32(at offset: Int) -> UInt32 {
        let base = startIndex + offset
        return UInt32(self[base]) << 24 | UInt32(self[base + 1]) << 16 | UInt32(self[base + 2]) << 8
            | UInt32(self[base + 3])
    }

    /// The big-endian `UInt64` at `offset`; the caller has checked that 8 bytes remain.
    func bigEndianUInt64(at offset: Int) -> UInt64 {
        UInt64(bigEndianUInt32(at: offset)) << 32 | UInt64(bigEndianUInt32(at: offset + 4))
    }
}

extension Data {
    /// The big-endian `UInt32` at `offset` from `startIndex`; one unaligned load instead of four
    /// subscripts through Data's representation (pack index lookups are a hot path).
    func bigEndianUInt32(at offset: Int) -> UInt32 {
        unsafe withUnsafeBytes { unsafe UInt32(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    /// The big-endian `UInt64` at `offset` from `startIndex`.
    func bigEndianUInt64(at offset: Int) -> UInt64 {
        unsafe withUnsafeBytes { unsafe UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }
}
