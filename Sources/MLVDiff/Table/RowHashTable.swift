/// An open-addressing hash table from a finished ``RowHasher`` hash to two row numbers, in flat
/// arrays, for matching millions of rows without a `Dictionary`'s per-entry cost.
///
/// Each slot holds a hash and two `Int32` payloads, ``first`` and ``second``, which callers use
/// as they need (patience diff: the row in each version; keyed diff: the row in the new
/// version). A payload of ``none`` means "no row", ``many`` means "more than one row". Linear
/// probing from the hash's low bits; the capacity is a power of two at least 1.5 times the
/// number of entries the caller announces, so probes stay short and always end.
struct RowHashTable {
    /// The payload of a slot that has no row yet.
    static let none: Int32 = -1
    /// The payload of a slot that has seen more than one row.
    static let many: Int32 = -2
    /// The payload that marks a slot as unused.
    private static let unused = Int32.min

    private var hashes: [UInt64]
    /// The first payload per slot; ``unused`` for an empty slot.
    private(set) var first: [Int32]
    /// The second payload per slot.
    private(set) var second: [Int32]
    private let mask: Int

    /// A table for up to `entries` distinct hashes.
    /// - Complexity: O(c) in the capacity; 16 bytes per slot.
    init(entries: Int) {
        var capacity = 16
        while capacity < entries + entries / 2 + 1 { capacity *= 2 }
        hashes = [UInt64](repeating: 0, count: capacity)
        first = [Int32](repeating: Self.unused, count: capacity)
        second = [Int32](repeating: Self.none, count: capacity)
        mask = capacity - 1
    }

    /// The slot of `hash`, claimed for it (both payloads ``none``) when it is new.
    /// - Complexity: O(1) expected.
    @inline(__always)
    mutating func insert(_ hash: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            if first[slot] == Self.unused {
                hashes[slot] = hash
                first[slot] = Self.none
                return slot
            }
            if hashes[slot] == hash { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// The slot of `hash`, or nil when it was never inserted.
    /// - Complexity: O(1) expected.
    @inline(__always)
    func find(_ hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while first[slot] != Self.unused {
            if hashes[slot] == hash { return slot }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Records `row` in the first payload of `slot`: the row if it is the first, else ``many``.
    @inline(__always)
    mutating func noteFirst(_ slot: Int, row: Int) {
        first[slot] = first[slot] == Self.none ? Int32(truncatingIfNeeded: row) : Self.many
    }

    /// Records `row` in the second payload of `slot`: the row if it is the first, else ``many``.
    @inline(__always)
    mutating func noteSecond(_ slot: Int, row: Int) {
        second[slot] = second[slot] == Self.none ? Int32(truncatingIfNeeded: row) : Self.many
    }

    /// Sets the first payload of `slot`.
    @inline(__always)
    mutating func setFirst(_ slot: Int, _ value: Int32) { first[slot] = value }
}

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
