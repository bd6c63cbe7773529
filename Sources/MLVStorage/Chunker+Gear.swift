/// The gear table of the chunker: 256 pseudo-random 64-bit words, one per byte value
/// (docs/FORMAT-chunking.md §1.1).
///
/// Entry `i` is the `(i + 1)`-th output of SplitMix64 seeded with ``gearSeed``, so the whole table
/// is defined by one line of the spec and frozen by a test vector (SHA-256 of its little-endian
/// bytes). Changing the seed changes every chunk boundary: it is a constant of the format.
extension Chunker {
    /// The SplitMix64 seed of the gear table: the ASCII bytes `"mlv-gear"` read big-endian.
    public static let gearSeed: UInt64 = 0x6D6C_762D_6765_6172

    /// The 256 gear words, indexed by byte value.
    public static let gearTable: [UInt64] = {
        var generator = SplitMix64(seed: gearSeed)
        return (0..<256).map { _ in generator.next() }
    }()
}

/// SplitMix64 (Steele, Lea and Flood, 2014), the generator that defines the gear table and the
/// seeded test streams.
///
/// Each call adds `0x9E3779B97F4A7C15` to the state (wrapping) and returns the state mixed by
/// `z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; z ^ (z >> 31)`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The state; the next output is derived from `state &+ 0x9E3779B97F4A7C15`.
    public var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64-bit output.
    ///
    /// - Complexity: O(1).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
