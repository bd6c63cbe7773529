import MLVFormats

/// Decodes runs of little-endian tensor elements into reusable buffers, so statistics are
/// computed block by block without a `[Double]` copy of a whole tensor.
struct ElementDecoder {
    let dtype: DType
    let data: ArraySlice<UInt8>

    /// Elements decoded per block: large enough to amortize the per-block work, small enough to
    /// stay in the L1/L2 cache (4096 doubles are 32 KiB).
    static let blockSize = 4096

    /// Writes elements `start..<start + count` as `Double` to `buffer[0..<count]`: exact for every
    /// dtype except I64 values beyond ±2^53, which round to nearest.
    /// - Precondition: the elements exist and `buffer` holds at least `count` values.
    /// - Complexity: O(count).
    func doubles(from start: Int, count: Int, into buffer: inout [Double]) {
        let base = data.startIndex + start * dtype.byteWidth
        switch dtype {
        case .f64:
            for index in 0..<count { buffer[index] = Double(bitPattern: word64(base + 8 * index)) }
        case .f32:
            for index in 0..<count { buffer[index] = Double(Float(bitPattern: word32(base + 4 * index))) }
        case .f16:
            for index in 0..<count {
                buffer[index] = Double(Float16Conversion.float(fromFloat16Bits: word16(base + 2 * index)))
            }
        case .bf16:
            for index in 0..<count {
                buffer[index] = Double(Float(bitPattern: UInt32(word16(base + 2 * index)) << 16))
            }
        case .i64:
            for index in 0..<count { buffer[index] = Double(Int64(bitPattern: word64(base + 8 * index))) }
        case .i32:
            for index in 0..<count { buffer[index] = Double(Int32(bitPattern: word32(base + 4 * index))) }
        case .i16:
            for index in 0..<count { buffer[index] = Double(Int16(bitPattern: word16(base + 2 * index))) }
        case .i8:
            for index in 0..<count { buffer[index] = Double(Int8(bitPattern: data[base + index])) }
        case .u8:
            for index in 0..<count { buffer[index] = Double(data[base + index]) }
        case .bool:
            for index in 0..<count { buffer[index] = data[base + index] == 0 ? 0 : 1 }
        }
    }

    /// Writes elements `start..<start + count` of an integer or BOOL tensor as `Int64` (BOOL as
    /// 0 or 1, U8 zero-extended, the others sign-extended) to `buffer[0..<count]`.
    /// - Precondition: `dtype` is not floating point; as ``doubles(from:count:into:)``.
    /// - Complexity: O(count).
    func integers(from start: Int, count: Int, into buffer: inout [Int64]) {
        let base = data.startIndex + start * dtype.byteWidth
        switch dtype {
        case .i64:
            for index in 0..<count { buffer[index] = Int64(bitPattern: word64(base + 8 * index)) }
        case .i32:
            for index in 0..<count { buffer[index] = Int64(Int32(bitPattern: word32(base + 4 * index))) }
        case .i16:
            for index in 0..<count { buffer[index] = Int64(Int16(bitPattern: word16(base + 2 * index))) }
        case .i8:
            for index in 0..<count { buffer[index] = Int64(Int8(bitPattern: data[base + index])) }
        case .u8:
            for index in 0..<count { buffer[index] = Int64(data[base + index]) }
        case .bool:
            for index in 0..<count { buffer[index] = data[base + index] == 0 ? 0 : 1 }
        case .f64, .f32, .f16, .bf16:
            for index in 0..<count { buffer[index] = 0 }
        }
    }

    @inline(__always)
    private func word16(_ index: Int) -> UInt16 {
        UInt16(data[index]) | UInt16(data[index + 1]) << 8
    }

    @inline(__always)
    private func word32(_ index: Int) -> UInt32 {
        UInt32(data[index]) | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2]) << 16
            | UInt32(data[index + 3]) << 24
    }

    @inline(__always)
    private func word64(_ index: Int) -> UInt64 {
        UInt64(word32(index)) | UInt64(word32(index + 4)) << 32
    }
}
