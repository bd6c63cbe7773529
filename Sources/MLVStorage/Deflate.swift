internal import CDeflate
internal import CIgzip
import Foundation

/// One-shot zlib-format (RFC 1950) compression through ISA-L's igzip, and decompression through
/// libdeflate.
///
/// igzip's encoder runs at about twice libdeflate's level 1 on CSV chunks here, at a ratio within
/// 1.5% of it (0.412 against 0.406 of the raw size at igzip level 1); on the benchmark's float32
/// checkpoint both store the same bytes to 0.1%. Both write plain deflate, which any zlib decoder
/// reads. libdeflate decompresses about 2× faster than libz when the output size is known, which
/// it always is here (docs/FORMAT.md §5), and computes the Adler-32. States are kept in small
/// pools, since allocating one costs more than a chunk. No igzip or libdeflate type leaves this
/// file.
enum Deflate {
    /// The igzip level (0...3) for a zlib-style `level` (1...9): 1 → 1, 2–5 → 2, 6–9 → 3.
    static func igzipLevel(_ level: Int32) -> Int32 {
        level <= 1 ? 1 : (level <= 5 ? 2 : 3)
    }

    /// Compresses `input` into one zlib stream whose first `storedPrefix` bytes go into stored
    /// (uncompressed) deflate blocks and whose rest is compressed at `level` (zlib's 1...9).
    ///
    /// For byte-shuffled floats the low mantissa planes are noise: deflate would spend most of
    /// its time on them for nothing, and inflating them costs a Huffman decode per byte. Stored
    /// blocks cost a copy on both sides. RFC 1951 lets a stream mix block types, and a stored
    /// block ends on a byte boundary, so the raw deflate stream of the rest can follow it as is.
    /// When the compressed rest would not be smaller than storing it, it is stored too. Any zlib
    /// decoder reads the result (docs/FORMAT-chunking.md §3).
    /// - Complexity: O(n); about 200 MB/s on CSV on one core here, the stored part at copy speed.
    static func compress(_ input: [UInt8], level: Int32, storedPrefix: Int = 0) throws(StorageError) -> [UInt8] {
        let stored = min(max(storedPrefix, 0), input.count)
        let igzip = igzipLevel(level)
        guard let compressor = Pools.shared.compressor(level: igzip) else {
            throw StorageError(.compression, "cannot allocate an igzip compressor at level \(igzip)")
        }
        defer { Pools.shared.recycle(compressor: compressor, level: igzip) }
        let rest = input.count - stored
        // Header, every byte in stored blocks (the most this writes), Adler-32.
        let capacity = 2 + storedSize(stored) + storedSize(rest) + 4
        return unsafe [UInt8](unsafeUninitializedCapacity: capacity) { target, initialized in
            unsafe input.withUnsafeBufferPointer { source in
                guard let to = target.baseAddress else { return }
                let from = source.baseAddress
                // CMF: deflate with a 32 KiB window; FLG: fastest level, no dictionary, check bits.
                unsafe to[0] = 0x78
                unsafe to[1] = 0x01
                var at = 2
                if stored > 0, let from {
                    at += unsafe writeStored(from, count: stored, final: rest == 0, to: to + at)
                }
                if rest > 0 || stored == 0 {
                    // Compressed only if that beats storing: igzip gets no more room than that.
                    let room = storedSize(rest)
                    var produced = 0
                    if let from {
                        produced = unsafe mlv_igzip_deflate(compressor.pointer, from + stored, rest, to + at, room)
                    }
                    if produced == 0 {
                        produced = unsafe writeStored(
                            from.map { unsafe $0 + stored }, count: rest, final: true, to: to + at)
                    }
                    at += produced
                }
                let check = unsafe libdeflate_adler32(1, from.map { UnsafeRawPointer($0) }, input.count)
                for shift in [24, 16, 8, 0] {
                    unsafe to[at] = UInt8(truncatingIfNeeded: check >> UInt32(shift))
                    at += 1
                }
                initialized = at
            }
        }
    }

    /// Bytes that `count` bytes take in stored blocks (at least one block, which may be empty).
    static func storedSize(_ count: Int) -> Int {
        count + 5 * max(1, (count + maxStoredBlock - 1) / maxStoredBlock)
    }

    /// Writes `count` bytes from `source` as stored blocks at `target`, the last one final when
    /// `final` is set (an empty final block when `count` is 0); returns the bytes written.
    private static func writeStored(
        _ source: UnsafePointer<UInt8>?, count: Int, final: Bool, to target: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var at = 0
        var done = 0
        repeat {
            let length = min(maxStoredBlock, count - done)
            let isLast = final && done + length == count
            unsafe target[at] = isLast ? 1 : 0  // BFINAL, BTYPE = 00 (stored), then padding
            unsafe target[at + 1] = UInt8(truncatingIfNeeded: length)
            unsafe target[at + 2] = UInt8(truncatingIfNeeded: length >> 8)
            unsafe target[at + 3] = ~UInt8(truncatingIfNeeded: length)
            unsafe target[at + 4] = ~UInt8(truncatingIfNeeded: length >> 8)
            if length > 0, let source { unsafe (target + at + 5).initialize(from: source + done, count: length) }
            at += 5 + length
            done += length
        } while done < count
        return at
    }

    /// The largest stored deflate block (its length field is 16 bits).
    static let maxStoredBlock = 65_535

    /// Decompresses one zlib stream that must hold exactly `rawLength` bytes and nothing after.
    /// - Throws: `.corrupt` when the stream is damaged, truncated, followed by extra bytes or
    ///   decodes to another length.
    static func decompress(_ input: [UInt8], rawLength: Int) throws(StorageError) -> [UInt8] {
        guard rawLength >= 0 else { throw StorageError(.corrupt, "negative raw length \(rawLength)") }
        guard let decompressor = Pools.shared.decompressor() else {
            throw StorageError(.compression, "cannot allocate a libdeflate decompressor")
        }
        defer { Pools.shared.recycle(decompressor: decompressor) }
        var output = [UInt8](repeating: 0, count: rawLength)
        var consumed = 0
        var produced = 0
        let result = unsafe input.withUnsafeBytes { source in
            unsafe output.withUnsafeMutableBytes { target in
                unsafe libdeflate_zlib_decompress_ex(
                    decompressor.pointer, source.baseAddress, source.count, target.baseAddress, target.count,
                    &consumed, &produced)
            }
        }
        switch result {
        case LIBDEFLATE_SUCCESS:
            guard produced == rawLength else {
                throw StorageError(.corrupt, "zlib stream decodes to \(produced) bytes, expected \(rawLength)")
            }
            guard consumed == input.count else {
                throw StorageError(.corrupt, "zlib stream ends at byte \(consumed) of \(input.count)")
            }
            return output
        case LIBDEFLATE_INSUFFICIENT_SPACE:
            throw StorageError(.corrupt, "zlib stream decodes to more than the expected \(rawLength) bytes")
        case LIBDEFLATE_SHORT_OUTPUT:
            throw StorageError(.corrupt, "zlib stream decodes to fewer than the expected \(rawLength) bytes")
        default:
            throw StorageError(.corrupt, "zlib stream of \(input.count) bytes is damaged")
        }
    }

    /// An owned igzip or libdeflate state, kept by the pool for the life of the process.
    @safe final class State: @unchecked Sendable {
        // Safety: a state is used by one thread at a time: the pool hands it out exclusively.
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer) { unsafe self.pointer = pointer }
    }

    /// Reusable compressor and decompressor states, handed out under a lock.
    final class Pools: @unchecked Sendable {
        // Safety: `compressors` and `decompressors` are only touched under `lock`.
        static let shared = Pools()
        private let lock = NSLock()
        private var compressors: [Int32: [State]] = [:]
        private var decompressors: [State] = []

        func compressor(level: Int32) -> State? {
            if let state = lock.withLock({ compressors[level]?.popLast() }) { return state }
            return unsafe mlv_igzip_new(level).map(State.init)
        }

        func recycle(compressor state: State, level: Int32) {
            lock.withLock { compressors[level, default: []].append(state) }
        }

        func decompressor() -> State? {
            if let state = lock.withLock({ decompressors.popLast() }) { return state }
            return unsafe libdeflate_alloc_decompressor().map(State.init)
        }

        func recycle(decompressor state: State) {
            lock.withLock { decompressors.append(state) }
        }
    }
}
