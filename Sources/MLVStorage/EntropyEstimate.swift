#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A cheap order-0 entropy estimate of a chunk, used to skip zlib on data that will not shrink
/// and to spot arrays of fixed-width numbers.
///
/// One pass over a sample of at most ``maxSampleCount`` bytes fills eight byte histograms, one
/// per position modulo 8. Summing them gives, for each element width `w` in 1, 2, 4 and 8, the
/// histograms of the bytes at each position modulo `w`; the estimate for `w` is the mean of their
/// Shannon entropies with the Miller–Madow bias correction, in bits per byte. A low estimate for
/// `w = 4` next to a high one for `w = 1` is the signature of float32 data (the sign/exponent
/// byte is nearly constant, the mantissa bytes are noise).
///
/// The estimate ignores repeated strings, so it can only say that zlib will *probably* not pay;
/// callers still compare the real compressed size with the input.
struct EntropyEstimate {
    /// The element widths estimated, in the order of ``bitsPerByte``.
    static let widths = [1, 2, 4, 8]
    /// Inputs up to this size are sampled whole; larger ones through ``blockCount`` blocks.
    static let maxSampleCount = 8 * 1024
    /// Sampled blocks in a large input, spread evenly.
    static let blockCount = 16
    /// Bytes per sampled block; a multiple of 8 so every block starts at position 0 modulo 8.
    static let blockLength = 256

    /// Estimated bits per byte for each width of ``widths``, after byte-shuffling by that width.
    /// The eight per-position byte histograms of the sample (position = index mod 8).
    private let histogram: [UInt32]

    /// Estimated bits per byte for each of ``widths``, computed on first use of each width.
    var bitsPerByte: [Double] { EntropyEstimate.entropies(histogram) }

    /// Estimated bits per byte when bytes are grouped by position within `width`-byte elements
    /// (1 = plain order-0 entropy).
    func bits(width: Int) -> Double {
        EntropyEstimate.entropy(of: folded(width: width), width: width)
    }

    /// Estimated bits per byte of each of the `width` byte planes after shuffling by `width`:
    /// plane `k` holds byte `k` of every element. For float32 the low mantissa planes measure
    /// about 8 (noise) and the sign/exponent plane far less.
    func planeBits(width: Int) -> [Double] {
        let planes = folded(width: width)
        return (0..<width).map { plane in
            EntropyEstimate.entropy(of: Array(planes[(plane * 256)..<((plane + 1) * 256)]), width: 1)
        }
    }

    /// The `width` position histograms: position `k` sums positions `k`, `k + width`, … of eight.
    private func folded(width: Int) -> [UInt32] {
        var folded = histogram
        var current = 8
        while current > width {
            let half = current / 2
            for index in 0..<(half * 256) { folded[index] &+= folded[index + half * 256] }
            current = half
        }
        return Array(folded[0..<(width * 256)])
    }
    /// Bytes sampled.
    let sampleCount: Int

    /// Samples `bytes` and computes the estimates.
    ///
    /// - Complexity: O(min(n, 8 KiB)) plus a constant 8 × 256-entry pass: a few microseconds for
    ///   any input, i.e. well over 2 GB/s on 64 KiB chunks.
    init(_ bytes: [UInt8]) {
        var histogram = [UInt32](repeating: 0, count: 8 * 256)
        var sampled = 0
        unsafe bytes.withUnsafeBufferPointer { data in
            unsafe histogram.withUnsafeMutableBufferPointer { counts in
                if data.count <= EntropyEstimate.maxSampleCount {
                    unsafe EntropyEstimate.count(data, from: 0, to: data.count, into: counts)
                    sampled = data.count
                } else {
                    let length = EntropyEstimate.blockLength
                    let blocks = EntropyEstimate.blockCount
                    let span = data.count - length
                    for block in 0..<blocks {
                        let start = (span * block / (blocks - 1)) & ~7
                        unsafe EntropyEstimate.count(data, from: start, to: start + length, into: counts)
                    }
                    sampled = length * blocks
                }
            }
        }
        sampleCount = sampled
        self.histogram = histogram
    }

    /// Whether a quick look at `bytes` (four spread blocks of 256 bytes, one histogram) already
    /// finds noise: a plain order-0 estimate above `bits`. Random chunks, the common
    /// incompressible case, are then stored raw after a quarter of the full sample's counting.
    static func looksLikeNoise(_ bytes: [UInt8], above bits: Double) -> Bool {
        let blocks = 4
        guard bytes.count >= blocks * blockLength * 2 else { return false }
        return unsafe bytes.withUnsafeBufferPointer { data in
            unsafe withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 256) { counts in
                unsafe counts.initialize(repeating: 0)
                guard let base = data.baseAddress else { return false }
                let span = data.count - blockLength
                for block in 0..<blocks {
                    let start = span * block / (blocks - 1)
                    for index in start..<(start + blockLength) { unsafe counts[Int(base[index])] &+= 1 }
                }
                let histogram = unsafe Array(counts)
                return entropy(of: histogram, width: 1) > bits
            }
        }
    }

    /// Adds the bytes of `data[from..<to]` to the histogram of their position modulo 8.
    /// `from` must be a multiple of 8 for the positions to be relative to the chunk start.
    @inline(__always)
    private static func count(
        _ data: UnsafeBufferPointer<UInt8>, from: Int, to: Int, into counts: UnsafeMutableBufferPointer<UInt32>
    ) {
        var index = from
        while index + 8 <= to {
            for position in 0..<8 {
                unsafe counts[position << 8 | Int(unsafe data[index + position])] &+= 1
            }
            index += 8
        }
        while index < to {
            unsafe counts[(index & 7) << 8 | Int(unsafe data[index])] &+= 1
            index += 1
        }
    }

    /// The estimates for widths 8, 4, 2 and 1 from the eight position histograms, returned in the
    /// order of ``widths``.
    ///
    /// Width `w/2`'s histograms are the pairwise sums of width `w`'s (positions `k` and `k + w/2`),
    /// so the four levels cost 2048 + 1024 + 512 + 256 bins.
    /// - Complexity: O(8 × 256).
    private static func entropies(_ histogram: [UInt32]) -> [Double] {
        var level = histogram
        var result = [Double](repeating: 8, count: 4)
        var width = 8
        var slot = 3
        while true {
            result[slot] = entropy(of: level, width: width)
            if width == 1 { break }
            let half = width / 2
            var next = [UInt32](repeating: 0, count: half * 256)
            unsafe level.withUnsafeBufferPointer { wide in
                unsafe next.withUnsafeMutableBufferPointer { narrow in
                    for index in 0..<(half * 256) {
                        unsafe narrow[index] = unsafe wide[index] &+ wide[index + half * 256]
                    }
                }
            }
            level = next
            width = half
            slot -= 1
        }
        return result
    }

    /// The mean entropy, in bits per byte, of `width` histograms of 256 bins laid end to end.
    private static func entropy(of histograms: [UInt32], width: Int) -> Double {
        unsafe histograms.withUnsafeBufferPointer { counts in
            unsafe cLog2CTable.withUnsafeBufferPointer { table in
                var total = 0.0
                var totalCount = 0
                for group in 0..<width {
                    var count = 0
                    var sumCLogC = 0.0
                    var used = 0
                    for value in 0..<256 {
                        let c = Int(unsafe counts[group << 8 | value])
                        if c == 0 { continue }
                        count += c
                        used += 1
                        sumCLogC += c < table.count ? unsafe table[c] : Double(c) * log2(Double(c))
                    }
                    guard count > 0 else { continue }
                    let n = Double(count)
                    // Shannon entropy log2(N) - Σ c log2 c / N, plus the Miller–Madow correction
                    // (m - 1) / (2 N ln 2) for the m non-empty bins.
                    let bits = log2(n) - sumCLogC / n + Double(used - 1) / (2 * n * 0.693_147_180_559_945_3)
                    total += min(bits, 8) * n
                    totalCount += count
                }
                return totalCount > 0 ? total / Double(totalCount) : 8
            }
        }
    }

    /// `c * log2(c)` for c in 0...maxSampleCount (0 for c = 0).
    private static let cLog2CTable: [Double] = (0...maxSampleCount).map { c in
        c == 0 ? 0 : Double(c) * log2(Double(c))
    }
}
