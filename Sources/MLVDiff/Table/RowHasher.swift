/// The 64-bit hash of a row's values that table diffs and merges compare rows by.
///
/// FNV-1a over the bytes of each value (quotes removed, doubled quotes collapsed), with a
/// 9-bit separator folded in after each value so `a,bc` and `ab,c` differ, finished with
/// MurmurHash3's `fmix64` so the low bits can index a hash table. Two rows with equal values
/// hash equal whatever their quoting, delimiter or line endings; two different rows collide
/// with probability about 2⁻⁶⁴, which the diff accepts (a collision would hide one change).
struct RowHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// Folds in one value's bytes and the separator after it.
    /// - Complexity: O(k) in the value's length.
    @inline(__always)
    mutating func combine(_ value: Span<UInt8>) {
        var hash = state
        for index in value.indices { hash = (hash ^ UInt64(value[index])) &* Self.prime }
        state = (hash ^ 0x1FF) &* Self.prime
    }

    /// Folds in one value's bytes and the separator after it.
    mutating func combine(_ value: [UInt8]) {
        combine(value.span)
    }

    /// The finished hash.
    func finalize() -> UInt64 {
        var hash = state
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}
