internal import CDeflate
import Foundation

/// One-shot zlib-format (RFC 1950) compression and decompression through libdeflate.
///
/// libdeflate writes the same format as libz (any zlib decoder reads it, and it reads any zlib
/// stream) at about 2.5× libz's speed for a similar ratio, and decompresses about 2× faster when
/// the output size is known, which it always is here (docs/FORMAT.md §5). Compressor and
/// decompressor states are kept in a small pool, since allocating one costs more than a chunk.
/// No libdeflate type or code leaves this file.
enum Deflate {
    /// Compresses `input` into one zlib stream at `level` (1...12; 1 is fastest).
    /// - Complexity: O(n); about 250–300 MB/s on CSV at level 1 on one core here.
    static func compress(_ input: [UInt8], level: Int32) throws(StorageError) -> [UInt8] {
        guard let compressor = Pools.shared.compressor(level: level) else {
            throw StorageError(.compression, "cannot allocate a libdeflate compressor at level \(level)")
        }
        defer { Pools.shared.recycle(compressor: compressor, level: level) }
        let bound = unsafe libdeflate_zlib_compress_bound(compressor.pointer, input.count)
        var output = [UInt8](repeating: 0, count: bound)
        let produced = unsafe input.withUnsafeBytes { source in
            unsafe output.withUnsafeMutableBytes { target in
                unsafe libdeflate_zlib_compress(
                    compressor.pointer, source.baseAddress, source.count, target.baseAddress, target.count)
            }
        }
        guard produced > 0 || input.isEmpty else {
            throw StorageError(.compression, "libdeflate could not compress \(input.count) bytes")
        }
        output.removeSubrange(produced...)
        return output
    }

    /// Compresses `input` into one zlib stream whose first `storedPrefix` bytes go into stored
    /// (uncompressed) deflate blocks and whose rest is compressed at `level`.
    ///
    /// For byte-shuffled floats the low mantissa planes are noise: deflate would spend most of
    /// its time on them for nothing, and inflating them costs a Huffman decode per byte. Stored
    /// blocks cost a copy on both sides. RFC 1951 lets a stream mix block types, and a stored
    /// block ends on a byte boundary, so the raw deflate stream of the rest can follow it as is.
    /// Any zlib decoder reads the result (docs/FORMAT-chunking.md §3).
    /// - Complexity: O(n); the stored part at copy speed.
    static func compress(_ input: [UInt8], level: Int32, storedPrefix: Int) throws(StorageError) -> [UInt8] {
        let stored = min(max(storedPrefix, 0), input.count)
        guard stored > 0 else { return try compress(input, level: level) }
        guard let compressor = Pools.shared.compressor(level: level) else {
            throw StorageError(.compression, "cannot allocate a libdeflate compressor at level \(level)")
        }
        defer { Pools.shared.recycle(compressor: compressor, level: level) }
        let rest = input.count - stored
        let blocks = (stored + maxStoredBlock - 1) / maxStoredBlock
        let bound = unsafe libdeflate_deflate_compress_bound(compressor.pointer, rest)
        let capacity = 2 + blocks * 5 + stored + bound + 4
        var failed = false
        let output = unsafe [UInt8](unsafeUninitializedCapacity: capacity) { target, initialized in
            unsafe input.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                // CMF: deflate with a 32 KiB window; FLG: fastest level, no dictionary, check bits.
                unsafe to[0] = 0x78
                unsafe to[1] = 0x01
                var at = 2
                var done = 0
                while done < stored {
                    let length = min(maxStoredBlock, stored - done)
                    let isLast = rest == 0 && done + length == stored
                    unsafe to[at] = isLast ? 1 : 0  // BFINAL, BTYPE = 00 (stored), then padding
                    unsafe to[at + 1] = UInt8(truncatingIfNeeded: length)
                    unsafe to[at + 2] = UInt8(truncatingIfNeeded: length >> 8)
                    unsafe to[at + 3] = ~UInt8(truncatingIfNeeded: length)
                    unsafe to[at + 4] = ~UInt8(truncatingIfNeeded: length >> 8)
                    unsafe (to + at + 5).initialize(from: from + done, count: length)
                    at += 5 + length
                    done += length
                }
                if rest > 0 {
                    let produced = unsafe libdeflate_deflate_compress(
                        compressor.pointer, from + stored, rest, to + at, capacity - at - 4)
                    guard produced > 0 else {
                        failed = true
                        return
                    }
                    at += produced
                }
                let check = unsafe libdeflate_adler32(1, from, input.count)
                for shift in [24, 16, 8, 0] {
                    unsafe to[at] = UInt8(truncatingIfNeeded: check >> UInt32(shift))
                    at += 1
                }
                initialized = at
            }
        }
        guard !failed, !output.isEmpty else {
            throw StorageError(.compression, "libdeflate could not compress \(rest) bytes")
        }
        return output
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

    /// An owned libdeflate state; the pool frees it.
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
            return unsafe libdeflate_alloc_compressor(level).map(State.init)
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
