/// Content-defined chunking parameters; constants of the format (docs/FORMAT-chunking.md §1).
///
/// A valid set has `1 <= minSize < averageSize < maxSize` and `averageSize` a power of two
/// (its base-2 logarithm sets the cut masks). ``Chunker`` never fails on other values: it rounds
/// `averageSize` down to a power of two and clamps `minSize` and `maxSize` around it (see
/// ``Chunker/init(parameters:)``); ``validate()`` reports them instead.
public struct ChunkerParameters: Sendable, Equatable {
    /// No cut is made before this many bytes (except at the end of the data).
    public var minSize: Int
    /// The size the normalized cut masks aim at; a power of two.
    public var averageSize: Int
    /// A cut is forced after this many bytes.
    public var maxSize: Int

    public init(minSize: Int, averageSize: Int, maxSize: Int) {
        self.minSize = minSize
        self.averageSize = averageSize
        self.maxSize = maxSize
    }

    /// The parameters every repository of format version 1 uses: 4 KiB / 16 KiB / 64 KiB.
    ///
    /// Chosen by measurement on a versioned CSV workload and float32 weights: 16 KiB stores six
    /// versions of a CSV in 0.0745 (typical values) to 0.0957 (random-looking values) of their raw
    /// size including ~90 bytes of metadata per chunk, against 0.089–0.111 for 64 KiB, and 8 KiB
    /// saves nothing more while doubling the chunk count (docs/FORMAT-chunking.md,
    /// "Measurements").
    public static let standard = ChunkerParameters(minSize: 4 * 1024, averageSize: 16 * 1024, maxSize: 64 * 1024)

    /// Throws `.invalidArgument` unless `1 <= minSize < averageSize < maxSize` and `averageSize`
    /// is a power of two between 64 bytes and 1 GiB.
    public func validate() throws(StorageError) {
        guard minSize >= 1, minSize < averageSize, averageSize < maxSize,
            averageSize >= 64, averageSize <= 1 << 30, averageSize & (averageSize - 1) == 0
        else {
            throw StorageError(
                .invalidArgument,
                "invalid chunker parameters min \(minSize), average \(averageSize), max \(maxSize): "
                    + "need 1 <= min < average < max with average a power of two from 64 to 2^30")
        }
    }
}

/// Cuts a byte stream into content-defined chunks: FastCDC (Xia et al., 2016) with a 64-bit gear
/// hash and normalized chunking (docs/FORMAT-chunking.md §1).
///
/// Cut points depend only on the bytes since the previous cut, so an edit changes the chunks
/// around it and the chunker resynchronizes after at most a few chunks. Feeding the same data in
/// any buffer split gives the same boundaries as feeding it whole.
public struct Chunker: Sendable {
    /// The parameters as given.
    public let parameters: ChunkerParameters
    /// Effective sizes after clamping (equal to `parameters` when they are valid).
    let minSize: Int
    let normalSize: Int
    let maxSize: Int
    /// Mask used before `normalSize`: the top `log2(average) + 2` bits of the hash.
    let strictMask: UInt64
    /// Mask used from `normalSize` on: the top `log2(average) - 2` bits of the hash.
    let looseMask: UInt64

    /// Makes a chunker. Invalid parameters are clamped rather than rejected: `averageSize` is
    /// rounded down to a power of two in 2^6...2^30, `minSize` to 0...average-1 and `maxSize`
    /// to at least average+1. Call ``ChunkerParameters/validate()`` to reject them instead.
    public init(parameters: ChunkerParameters = .standard) {
        self.parameters = parameters
        let average = min(max(parameters.averageSize, 64), 1 << 30)
        let bits = Int.bitWidth - 1 - average.leadingZeroBitCount
        normalSize = 1 << bits
        minSize = min(max(parameters.minSize, 0), normalSize - 1)
        maxSize = max(parameters.maxSize, normalSize + 1)
        strictMask = Chunker.topBitsMask(bits + 2)
        looseMask = Chunker.topBitsMask(bits - 2)
    }

    /// A mask selecting the `count` most significant bits of a 64-bit word.
    static func topBitsMask(_ count: Int) -> UInt64 {
        ~UInt64(0) << UInt64(64 - count)
    }

    /// The length of the first chunk of `bytes`, or nil when more data is needed.
    ///
    /// Returns nil when `bytes` is empty, or when `isFinal` is false and no cut point lies in
    /// `bytes` while fewer than `maxSize` bytes are available. Otherwise returns a length in
    /// `minSize...maxSize`, or fewer than `minSize` (all of `bytes`) only when `isFinal` is true.
    ///
    /// - Complexity: O(min(n, maxSize)) with n = `bytes.count`; the first `minSize` bytes are
    ///   skipped without hashing.
    public func nextBoundary(in bytes: ArraySlice<UInt8>, isFinal: Bool) -> Int? {
        let count = bytes.count
        if count == 0 { return nil }
        if count <= minSize { return isFinal ? count : nil }
        let end = min(count, maxSize)
        if let cut = findCut(in: bytes, end: end) { return cut }
        if end == maxSize { return maxSize }
        return isFinal ? count : nil
    }

    /// The first cut point in `bytes[minSize..<end]` (as a chunk length), or nil.
    ///
    /// The hash starts at zero at offset `minSize`; for each byte at offset `i`,
    /// `h = (h << 1) &+ gear[byte]`, and a cut follows the byte when `h & mask == 0`, where mask is
    /// the strict mask while `i < normalSize` and the loose mask after.
    @inline(__always)
    private func findCut(in bytes: ArraySlice<UInt8>, end: Int) -> Int? {
        let start = minSize
        let normalEnd = min(normalSize, end)
        return unsafe bytes.withUnsafeBufferPointer { data -> Int? in
            unsafe Chunker.gearTable.withUnsafeBufferPointer { gear -> Int? in
                guard let base = data.baseAddress, let table = gear.baseAddress else { return nil }
                var hash: UInt64 = 0
                var index = start
                if let cut = unsafe Chunker.scan(base, table, &hash, &index, normalEnd, strictMask) { return cut }
                return unsafe Chunker.scan(base, table, &hash, &index, end, looseMask)
            }
        }
    }

    /// Rolls the gear hash over `bytes[index..<end]` and returns the length up to the first byte
    /// after which `hash & mask == 0`, or nil with `hash` and `index` left at `end`.
    ///
    /// Four bytes per step, with the same hashes as one at a time: the hash after byte `k` of the
    /// step is `h << (k + 1)` plus a sum of the step's table values, which does not depend on
    /// `h`. Each hash is then one shift and one add away from the step's starting `h`, so the
    /// loop-carried chain is one shift-add per four bytes instead of per byte, and the loop runs
    /// about twice as fast on the same cut points.
    @inline(__always)
    private static func scan(
        _ base: UnsafePointer<UInt8>, _ table: UnsafePointer<UInt64>, _ hash: inout UInt64, _ index: inout Int,
        _ end: Int, _ mask: UInt64
    ) -> Int? {
        var h = hash
        var i = index
        while i + 4 <= end {
            let g0 = unsafe table[Int(base[i])]
            let g1 = unsafe table[Int(base[i + 1])]
            let g2 = unsafe table[Int(base[i + 2])]
            let g3 = unsafe table[Int(base[i + 3])]
            let h1 = (h &<< 1) &+ g0
            let s2 = (g0 &<< 1) &+ g1
            let h2 = (h &<< 2) &+ s2
            let s3 = (s2 &<< 1) &+ g2
            let h3 = (h &<< 3) &+ s3
            let h4 = (h &<< 4) &+ ((s3 &<< 1) &+ g3)
            if (h1 & mask) == 0 || (h2 & mask) == 0 || (h3 & mask) == 0 || (h4 & mask) == 0 {
                if (h1 & mask) == 0 { return i + 1 }
                if (h2 & mask) == 0 { return i + 2 }
                if (h3 & mask) == 0 { return i + 3 }
                return i + 4
            }
            h = h4
            i += 4
        }
        while i < end {
            h = unsafe (h &<< 1) &+ table[Int(base[i])]
            i += 1
            if (h & mask) == 0 { return i }
        }
        hash = h
        index = i
        return nil
    }

    /// Whether a chunk of these bytes ends where this chunker may cut when it starts at the
    /// chunk's first byte: at the maximum size, or past the minimum where the gear hash meets
    /// the mask for that length. It does not check that no earlier cut exists; callers use it to
    /// accept a chunk they know this chunker cut before (its bytes hash to a known chunk id).
    ///
    /// - Complexity: O(1): the hash at a cut depends on its last 64 bytes only.
    public func mayEndChunk(_ chunk: ArraySlice<UInt8>) -> Bool {
        let length = chunk.count
        if length == maxSize { return true }
        guard length > minSize && length < maxSize else { return false }
        let mask = length <= normalSize ? strictMask : looseMask
        var hash: UInt64 = 0
        for byte in chunk[(chunk.startIndex + max(minSize, length - 64))...] {
            hash = (hash &<< 1) &+ Chunker.gearTable[Int(byte)]
        }
        return hash & mask == 0
    }

    /// The chunk lengths of `bytes` taken as a whole stream; they sum to `bytes.count`.
    ///
    /// - Complexity: O(n).
    public func boundaries(of bytes: [UInt8]) -> [Int] {
        var lengths: [Int] = []
        var start = 0
        while start < bytes.count, let length = nextBoundary(in: bytes[start...], isFinal: true) {
            lengths.append(length)
            start += length
        }
        return lengths
    }
}
