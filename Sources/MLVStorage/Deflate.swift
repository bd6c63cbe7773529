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
