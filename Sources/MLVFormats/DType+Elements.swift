/// Decoding raw little-endian element bytes to Swift numbers and back. The tensor types of both
/// formats (``SafetensorsTensor``, ``NPYArray``) forward to these.
extension DType {
    /// The elements of `bytes` as `Float`: F32 as is, F16 and BF16 widened exactly, F64 rounded to
    /// nearest (ties to even; out of range becomes infinity).
    /// - Throws: `typeMismatch` for an integer or BOOL dtype; `invalidArgument` when the byte count
    ///   is not a multiple of ``byteWidth``.
    /// - Complexity: O(n) in the element count.
    public func floats(fromLittleEndian bytes: ArraySlice<UInt8>) throws(FormatsError) -> [Float] {
        let count = try elementCount(of: bytes, reading: "floats", floatingPoint: true)
        let base = bytes.startIndex
        switch self {
        case .f32:
            return (0..<count).map { Float(bitPattern: UInt32(truncatingIfNeeded: bytes.word(base + $0 * 4, 4))) }
        case .f64:
            return (0..<count).map { Float(Double(bitPattern: bytes.word(base + $0 * 8, 8))) }
        case .f16:
            return (0..<count).map {
                Float16Conversion.float(fromFloat16Bits: UInt16(truncatingIfNeeded: bytes.word(base + $0 * 2, 2)))
            }
        default:
            return (0..<count).map {
                Float16Conversion.float(fromBFloat16Bits: UInt16(truncatingIfNeeded: bytes.word(base + $0 * 2, 2)))
            }
        }
    }

    /// The elements of `bytes` as `Double`; exact for every floating-point dtype.
    /// - Throws: as ``floats(fromLittleEndian:)``.
    /// - Complexity: O(n) in the element count.
    public func doubles(fromLittleEndian bytes: ArraySlice<UInt8>) throws(FormatsError) -> [Double] {
        let count = try elementCount(of: bytes, reading: "doubles", floatingPoint: true)
        switch self {
        case .f64: return (0..<count).map { Double(bitPattern: bytes.word(bytes.startIndex + $0 * 8, 8)) }
        default: return try floats(fromLittleEndian: bytes).map(Double.init)
        }
    }

    /// The elements of `bytes` as `Int64`: integers sign-extended (U8 zero-extended), BOOL as 0 or 1.
    /// - Throws: `typeMismatch` for a floating-point dtype; `invalidArgument` as above.
    /// - Complexity: O(n) in the element count.
    public func int64s(fromLittleEndian bytes: ArraySlice<UInt8>) throws(FormatsError) -> [Int64] {
        let count = try elementCount(of: bytes, reading: "integers", floatingPoint: false)
        let base = bytes.startIndex
        let width = byteWidth
        switch self {
        case .u8: return bytes.map { Int64($0) }
        case .bool: return bytes.map { $0 == 0 ? 0 : 1 }
        default:
            // Sign-extend by shifting the value's top bit up to bit 63 and back.
            let unused = UInt64(64 - 8 * width)
            return (0..<count).map { Int64(bitPattern: bytes.word(base + $0 * width, width) << unused) >> unused }
        }
    }

    /// `values` encoded as little-endian elements of this floating-point dtype, F16 and BF16
    /// rounded to nearest, ties to even.
    /// - Throws: `typeMismatch` for an integer or BOOL dtype.
    public func littleEndianBytes(floats values: [Float]) throws(FormatsError) -> [UInt8] {
        guard isFloatingPoint else { throw mismatch(writing: "floats", floatingPoint: true) }
        switch self {
        case .f64: return encode(values) { Double($0).bitPattern }
        case .f32: return encode(values) { UInt64($0.bitPattern) }
        case .f16: return encode(values) { UInt64(Float16Conversion.float16Bits(from: $0)) }
        default: return encode(values) { UInt64(Float16Conversion.bfloat16Bits(from: $0)) }
        }
    }

    /// `values` encoded as little-endian elements of this floating-point dtype, each rounded once
    /// to nearest, ties to even.
    /// - Throws: `typeMismatch` for an integer or BOOL dtype.
    public func littleEndianBytes(doubles values: [Double]) throws(FormatsError) -> [UInt8] {
        guard isFloatingPoint else { throw mismatch(writing: "doubles", floatingPoint: true) }
        switch self {
        case .f64: return encode(values) { $0.bitPattern }
        case .f32: return encode(values) { UInt64(Float($0).bitPattern) }
        case .f16: return encode(values) { UInt64(Float16Conversion.float16Bits(from: $0)) }
        default: return encode(values) { UInt64(Float16Conversion.bfloat16Bits(from: $0)) }
        }
    }

    /// `values` encoded as little-endian elements of this integer dtype; BOOL takes 0 and 1.
    /// - Throws: `typeMismatch` for a floating-point dtype; `invalidArgument` naming the first
    ///   value (and its index) that does not fit.
    public func littleEndianBytes(int64s values: [Int64]) throws(FormatsError) -> [UInt8] {
        guard !isFloatingPoint else { throw mismatch(writing: "integers", floatingPoint: false) }
        let range: ClosedRange<Int64> =
            switch self {
            case .u8: 0...255
            case .bool: 0...1
            case .i8: -128...127
            case .i16: Int64(Int16.min)...Int64(Int16.max)
            case .i32: Int64(Int32.min)...Int64(Int32.max)
            default: Int64.min...Int64.max
            }
        if let index = values.firstIndex(where: { !range.contains($0) }) {
            throw FormatsError(.invalidArgument, "value \(values[index]) at index \(index) does not fit in \(self)")
        }
        return encode(values) { UInt64(bitPattern: $0) }
    }

    /// The number of elements in `bytes`, after checking the dtype family and the length.
    private func elementCount(of bytes: ArraySlice<UInt8>, reading what: String, floatingPoint: Bool)
        throws(FormatsError) -> Int
    {
        guard isFloatingPoint == floatingPoint else {
            throw FormatsError(
                .typeMismatch,
                "cannot read \(what) from \(self) elements; \(what) come from "
                    + (floatingPoint ? "F64, F32, F16 or BF16" : "I64, I32, I16, I8, U8 or BOOL"))
        }
        guard bytes.count % byteWidth == 0 else {
            throw FormatsError(
                .invalidArgument, "\(bytes.count) bytes are not a whole number of \(byteWidth)-byte \(self) elements")
        }
        return bytes.count / byteWidth
    }

    private func mismatch(writing what: String, floatingPoint: Bool) -> FormatsError {
        FormatsError(
            .typeMismatch,
            "cannot write \(what) as \(self) elements; \(what) go to "
                + (floatingPoint ? "F64, F32, F16 or BF16" : "I64, I32, I16, I8, U8 or BOOL"))
    }

    /// Each value's `bits(value)` as ``byteWidth`` little-endian bytes.
    private func encode<T>(_ values: [T], _ bits: (T) -> UInt64) -> [UInt8] {
        let width = byteWidth
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * width)
        for value in values {
            let word = bits(value)
            for byte in 0..<width { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(8 * byte))) }
        }
        return bytes
    }
}

extension ArraySlice<UInt8> {
    /// The `width`-byte little-endian word at absolute index `index`; the caller has checked bounds.
    @inline(__always)
    func word(_ index: Int, _ width: Int) -> UInt64 {
        var word: UInt64 = 0
        for byte in 0..<width { word |= UInt64(self[index + byte]) << UInt64(8 * byte) }
        return word
    }
}
