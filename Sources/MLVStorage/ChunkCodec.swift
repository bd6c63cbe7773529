/// How a stored chunk's bytes are encoded; the byte is written in packs
/// (docs/FORMAT-chunking.md §3). Raw values are part of the format and are never reused.
public enum ChunkCodec: UInt8, Sendable, CaseIterable {
    /// Stored as is: incompressible data.
    case raw = 0
    /// zlib stream (RFC 1950) of the raw bytes.
    case zlib = 1
    /// Bytes grouped by position within 2-byte elements, then zlib (float16, bfloat16).
    case shuffle2Zlib = 2
    /// Bytes grouped by position within 4-byte elements, then zlib (float32).
    case shuffle4Zlib = 3
    /// Bytes grouped by position within 8-byte elements, then zlib (float64).
    case shuffle8Zlib = 4

    /// The shuffle element width: 1 for `.raw` and `.zlib` (no shuffle).
    public var elementWidth: Int {
        switch self {
        case .raw, .zlib: 1
        case .shuffle2Zlib: 2
        case .shuffle4Zlib: 4
        case .shuffle8Zlib: 8
        }
    }

    /// The zlib codec that shuffles by `width` (1 gives plain `.zlib`), or nil for other widths.
    public init?(shuffleWidth width: Int) {
        switch width {
        case 1: self = .zlib
        case 2: self = .shuffle2Zlib
        case 4: self = .shuffle4Zlib
        case 8: self = .shuffle8Zlib
        default: return nil
        }
    }
}

/// What the caller knows about the data, used to pick a codec.
public enum ContentHint: Sendable, Equatable {
    /// Nothing known: detect incompressible data and fixed-width number arrays cheaply, else zlib.
    case generic
    /// Arrays of fixed-width numbers (floats): byte-shuffle with this element width, then zlib.
    /// Widths other than 1, 2, 4 and 8 are treated as `.generic`.
    case elements(width: Int)
}

/// A chunk after encoding: the codec used and the stored bytes.
public struct EncodedChunk: Sendable {
    public var codec: ChunkCodec
    public var bytes: [UInt8]

    public init(codec: ChunkCodec, bytes: [UInt8]) {
        self.codec = codec
        self.bytes = bytes
    }
}

/// Encodes and decodes chunks (docs/FORMAT-chunking.md §3). Value type; each thread may
/// use its own copy.
///
/// Encoding never feeds zlib data that will not shrink: an order-0 entropy estimate on a sample
/// (``EntropyEstimate``, a few microseconds per chunk) stores chunks raw when it predicts a saving
/// under ``minimumPredictedSaving``, and a compressed result that is not smaller than the input is
/// dropped for raw as well. Generic chunks whose bytes look like float32 (or 2- or 8-byte)
/// arrays are byte-shuffled first.
public struct ChunkEncoder: Sendable {
    /// zlib level, 1 (fast) to 9.
    public var level: Int32

    /// Chunks whose best estimate exceeds `8 * (1 - minimumPredictedSaving)` bits per byte are
    /// stored raw without trying zlib.
    public static let minimumPredictedSaving = 0.04
    /// A generic chunk is shuffled by a wider element only when the estimate for that width is at
    /// least this many bits per byte below the best narrower one.
    public static let shuffleMargin = 0.4
    /// Chunks whose plain order-0 estimate exceeds this are stored raw without looking for
    /// element structure (float arrays measure about 7.4–7.6 here).
    public static let noiseBits = 7.85
    /// Below this size the estimate is unreliable and zlib is cheap: always try it.
    public static let estimateThreshold = 512

    public init(level: Int32 = 1) {
        self.level = level
    }

    /// Encodes `raw`, choosing raw storage when compression would not pay.
    ///
    /// - Throws: `.invalidArgument` for a level outside 1...9; `.compression` when zlib fails.
    /// - Complexity: O(n). Incompressible input costs only the sampled estimate (≥ 2 GB/s);
    ///   compressible input runs at zlib's speed.
    public func encode(_ raw: [UInt8], hint: ContentHint = .generic) throws(StorageError) -> EncodedChunk {
        guard (1...9).contains(level) else {
            throw StorageError(.invalidArgument, "zlib level \(level) is outside 1...9")
        }
        guard !raw.isEmpty else { return EncodedChunk(codec: .raw, bytes: raw) }
        guard let plan = plan(raw, hint: hint) else { return EncodedChunk(codec: .raw, bytes: raw) }
        let width = plan.codec.elementWidth
        let input = width > 1 ? ByteShuffle.shuffle(raw, width: width) : raw
        let compressed = try Deflate.compress(
            input, level: level, storedPrefix: plan.storedPlanes * (raw.count / width))
        guard compressed.count < raw.count else { return EncodedChunk(codec: .raw, bytes: raw) }
        return EncodedChunk(codec: plan.codec, bytes: compressed)
    }

    /// How to encode a chunk: the zlib codec, and how many leading byte planes of the shuffled
    /// bytes go into stored blocks because they are noise (the low mantissa bytes of floats).
    struct Plan: Equatable {
        var codec: ChunkCodec
        var storedPlanes = 0
    }

    /// The plan for `raw`, or nil when the estimate says to store it raw.
    func plan(_ raw: [UInt8], hint: ContentHint) -> Plan? {
        var hinted: ChunkCodec?
        if case .elements(let width) = hint { hinted = ChunkCodec(shuffleWidth: width) }
        if raw.count < ChunkEncoder.estimateThreshold { return Plan(codec: hinted ?? .zlib) }

        if hinted == nil && EntropyEstimate.looksLikeNoise(raw, above: ChunkEncoder.noiseBits) { return nil }
        let estimate = EntropyEstimate(raw)
        let limit = 8 * (1 - ChunkEncoder.minimumPredictedSaving)
        if let hinted {
            // A width's estimate is the mean of its planes' (every plane has as many samples).
            let planes = estimate.planeBits(width: hinted.elementWidth)
            guard planes.reduce(0, +) / Double(planes.count) <= limit else { return nil }
            return Plan(codec: hinted, storedPlanes: ChunkEncoder.noisePrefix(planes, limit: limit))
        }
        // Float arrays have a low-entropy exponent byte, so their plain order-0 entropy stays
        // well under this; above it the data is noise and no shuffle will help.
        let plain = estimate.bits(width: 1)
        if plain > ChunkEncoder.noiseBits { return nil }
        var bestWidth = 1
        var bestBits = plain
        for (width, bits) in zip(EntropyEstimate.widths, estimate.bitsPerByte).dropFirst()
        where bits < bestBits - ChunkEncoder.shuffleMargin {
            bestWidth = width
            bestBits = bits
        }
        guard bestBits <= limit else { return nil }
        guard bestWidth > 1, let codec = ChunkCodec(shuffleWidth: bestWidth) else { return Plan(codec: .zlib) }
        let planes = estimate.planeBits(width: bestWidth)
        return Plan(codec: codec, storedPlanes: ChunkEncoder.noisePrefix(planes, limit: limit))
    }

    /// How many leading planes are noise (estimate above `limit`); the last plane is never
    /// counted, so something is always left to compress.
    private static func noisePrefix(_ planes: [Double], limit: Double) -> Int {
        min(planes.prefix { $0 > limit }.count, planes.count - 1)
    }

    /// Decodes stored bytes back to exactly `rawLength` raw bytes.
    ///
    /// - Throws: `.corrupt` when the bytes are damaged, truncated, or decode to another length;
    ///   `.compression` when zlib fails for another reason.
    /// - Complexity: O(rawLength).
    public static func decode(_ stored: [UInt8], codec: ChunkCodec, rawLength: Int) throws(StorageError) -> [UInt8] {
        switch codec {
        case .raw:
            guard stored.count == rawLength else {
                throw StorageError(.corrupt, "raw chunk has \(stored.count) bytes, expected \(rawLength)")
            }
            return stored
        case .zlib:
            return try Deflate.decompress(stored, rawLength: rawLength)
        case .shuffle2Zlib, .shuffle4Zlib, .shuffle8Zlib:
            let shuffled = try Deflate.decompress(stored, rawLength: rawLength)
            return ByteShuffle.unshuffle(shuffled, width: codec.elementWidth)
        }
    }
}
