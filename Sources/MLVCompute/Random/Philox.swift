/// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random
/// numbers: as easy as 1, 2, 3" (SC 2011), bit-exact with Random123's `philox4x32_R(10, …)`.
///
/// The output is a pure function of `(seed, stream, position)`: block `b` of stream `s` is
/// ``block(counter:key:)`` applied to the counter `(b.low, b.high, s.low, s.high)` under the key
/// `(seed.low, seed.high)`. Each block yields two `UInt64` values, the first from words 0 (low half)
/// and 1 (high half), the second from words 2 and 3. Because the stream id fills the two high
/// counter words, two streams of one seed never share a block as long as each draws fewer than
/// 2⁶⁴ blocks (the block index wraps after that).
///
/// Use ``split(_:)`` to give each tensor, layer or worker its own generator: the child depends
/// only on `(seed, stream, id)`, never on how many values the parent has drawn, so results do not
/// depend on scheduling. Use ``skip(blocks:)`` or ``seek(toBlock:)`` to let a worker start at its
/// own slice of a stream.
///
/// The output sequence is part of mlv's reproducibility promise: it is the same on every platform
/// and build. Prefer the methods in `Philox+Distributions.swift` and `Shuffle.swift` over the
/// standard library's `random(in:using:)` and `shuffled(using:)`, whose algorithms Swift does not
/// promise to keep across releases.
public struct Philox: RandomNumberGenerator, Sendable, Equatable {
    /// The seed this generator was made from; its two halves are the Philox key.
    public let seed: UInt64
    /// The stream id; it fills counter words 2 and 3.
    public let stream: UInt64
    /// The index of the next block to compute (counter words 0 and 1).
    private var nextBlock: UInt64 = 0
    /// The block most recently computed, whose unread values ``next()`` returns first.
    private var buffer: SIMD4<UInt32> = .zero
    /// How many values of `buffer` have been returned: 0 or 1 while it holds unread values, 2 when
    /// it is used up (also the state before the first draw).
    private var used = 2

    /// First multiplier of the Philox4x32 round function.
    static let multiplier0: UInt32 = 0xD251_1F53
    /// Second multiplier of the Philox4x32 round function.
    static let multiplier1: UInt32 = 0xCD9E_8D57
    /// Weyl increment of key word 0 (the golden ratio).
    static let weyl0: UInt32 = 0x9E37_79B9
    /// Weyl increment of key word 1 (√3 − 1).
    static let weyl1: UInt32 = 0xBB67_AE85

    /// Creates the generator for `stream` of `seed`, positioned at block 0.
    ///
    /// - Parameters:
    ///   - seed: the key; equal seeds and streams give equal sequences.
    ///   - stream: which of the 2⁶⁴ non-overlapping streams of this key to draw from.
    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
    }

    /// The Philox key: the seed's low 32 bits, then its high 32 bits.
    public var key: SIMD2<UInt32> {
        SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    /// The block index the next fresh block will use; after `n` calls to ``next()`` from a new
    /// generator this is `(n + 1) / 2`.
    public var blockIndex: UInt64 { nextBlock }

    /// Returns the next 64 bits of the stream.
    ///
    /// - Complexity: O(1); one ``block(counter:key:)`` call every second draw.
    public mutating func next() -> UInt64 {
        if used == 2 {
            buffer = Self.block(counter: counter(forBlock: nextBlock), key: key)
            nextBlock &+= 1
            used = 0
        }
        let low = UInt64(used == 0 ? buffer[0] : buffer[2])
        let high = UInt64(used == 0 ? buffer[1] : buffer[3])
        used += 1
        return high << 32 | low
    }

    /// Advances the stream by `blocks` blocks (`2 × blocks` values) without computing them, keeping
    /// the position within the current block: the value returned next is the one that `2 × blocks`
    /// further calls to ``next()`` would have reached.
    ///
    /// - Complexity: O(1).
    public mutating func skip(blocks: UInt64) {
        guard blocks != 0 else { return }
        nextBlock &+= blocks
        if used < 2 {
            buffer = Self.block(counter: counter(forBlock: nextBlock &- 1), key: key)
        }
    }

    /// Moves to the start of block `index`: the next value is the first one of that block, the
    /// `2 × index`-th value of the stream (counting from 0).
    ///
    /// - Complexity: O(1).
    public mutating func seek(toBlock index: UInt64) {
        nextBlock = index
        used = 2
    }

    /// Derives the child generator `id` of this one: a fresh key from SplitMix64 over
    /// `(seed, stream, id)`, stream 0, positioned at block 0.
    ///
    /// The child does not depend on the parent's position, so splitting before or after drawing
    /// gives the same child; distinct ids give keys that differ like independent 64-bit hashes.
    ///
    /// - Complexity: O(1).
    public func split(_ id: UInt64) -> Philox {
        var hash = Self.mix(seed)
        hash = Self.mix(hash ^ stream)
        hash = Self.mix(hash ^ id)
        return Philox(seed: hash, stream: 0)
    }

    /// The Philox4x32-10 block function: ten rounds of the Philox S-box on `counter`, with the key
    /// bumped by the Weyl constants between rounds, as in Random123's `philox4x32_R(10, ctr, key)`.
    ///
    /// - Complexity: O(1): ten rounds of two 32×32→64-bit multiplies.
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        var state = counter
        var roundKey = key
        for round in 0..<10 {
            if round > 0 {
                roundKey &+= SIMD2(weyl0, weyl1)
            }
            let product0 = multiplier0.multipliedFullWidth(by: state[0])
            let product1 = multiplier1.multipliedFullWidth(by: state[2])
            state = SIMD4(
                product1.high ^ state[1] ^ roundKey[0],
                product1.low,
                product0.high ^ state[3] ^ roundKey[1],
                product0.low)
        }
        return state
    }

    /// The block function on a counter given as a tuple of four words (word 0 first).
    ///
    /// - Complexity: O(1).
    public static func block(
        counter: (UInt32, UInt32, UInt32, UInt32), key: SIMD2<UInt32>
    ) -> SIMD4<UInt32> {
        block(counter: SIMD4(counter.0, counter.1, counter.2, counter.3), key: key)
    }

    /// Whether two generators are at the same position of the same stream, so that they return
    /// the same values from here on.
    public static func == (lhs: Philox, rhs: Philox) -> Bool {
        // While values are unread the buffer is a function of the other fields; once used up it
        // is never read again.
        lhs.seed == rhs.seed && lhs.stream == rhs.stream && lhs.nextBlock == rhs.nextBlock && lhs.used == rhs.used
    }

    /// The counter of block `index` of this stream: the index in words 0–1, the stream in 2–3.
    private func counter(forBlock index: UInt64) -> SIMD4<UInt32> {
        SIMD4(
            UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32),
            UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
    }

    /// The SplitMix64 step (Steele, Lea and Flood, 2014): a golden-ratio increment, then the
    /// variant-13 finalizer; a bijection on `UInt64`.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
