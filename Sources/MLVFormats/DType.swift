/// The element type of a tensor. The raw value is the safetensors spelling (`"F32"`, `"BF16"`),
/// which is also how mlv prints dtypes; NPY files spell them as descr strings (``npyDescr``).
///
/// Elements are stored little-endian in both formats as mlv reads and writes them.
public enum DType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// IEEE 754 binary64.
    case f64 = "F64"
    /// IEEE 754 binary32.
    case f32 = "F32"
    /// IEEE 754 binary16 (half precision).
    case f16 = "F16"
    /// bfloat16: the top 16 bits of a binary32 (8 exponent bits, 7 mantissa bits).
    case bf16 = "BF16"
    /// Two's complement signed integers.
    case i64 = "I64"
    case i32 = "I32"
    case i16 = "I16"
    case i8 = "I8"
    /// Unsigned 8-bit integers.
    case u8 = "U8"
    /// One byte per element: 0 is false, anything else is true (mlv writes 1).
    case bool = "BOOL"

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .f64, .i64: 8
        case .f32, .i32: 4
        case .f16, .bf16, .i16: 2
        case .i8, .u8, .bool: 1
        }
    }

    /// True for F64, F32, F16 and BF16.
    public var isFloatingPoint: Bool {
        switch self {
        case .f64, .f32, .f16, .bf16: true
        case .i64, .i32, .i16, .i8, .u8, .bool: false
        }
    }

    /// The little-endian NPY descr numpy writes for this dtype (`"<f4"`, `"|u1"`, `"|b1"`), or nil
    /// for BF16, which numpy has no type for.
    public var npyDescr: String? {
        switch self {
        case .f64: "<f8"
        case .f32: "<f4"
        case .f16: "<f2"
        case .bf16: nil
        case .i64: "<i8"
        case .i32: "<i4"
        case .i16: "<i2"
        case .i8: "|i1"
        case .u8: "|u1"
        case .bool: "|b1"
        }
    }

    /// The dtype an NPY descr's kind letter and width name (`"f"`, 4 is F32), or nil when mlv has
    /// no such dtype (unsigned wider than a byte, complex, strings, objects).
    init?(npyKind kind: Character, width: Int) {
        let match = DType.allCases.first { dtype in
            guard dtype != .bf16, dtype.byteWidth == width else { return false }
            switch dtype {
            case .f64, .f32, .f16: return kind == "f"
            case .i64, .i32, .i16, .i8: return kind == "i"
            case .u8: return kind == "u"
            case .bool: return kind == "b"
            case .bf16: return false
            }
        }
        guard let match else { return nil }
        self = match
    }

    /// Where the safetensors writer puts tensors of this dtype: larger ranks first, so that with
    /// the data buffer starting 8-aligned every tensor starts aligned to its width. This is the
    /// order of the reference implementation's `Dtype` enum, descending.
    var safetensorsRank: Int {
        switch self {
        case .i64: 9
        case .f64: 8
        case .f32: 7
        case .i32: 6
        case .bf16: 5
        case .f16: 4
        case .i16: 3
        case .i8: 2
        case .u8: 1
        case .bool: 0
        }
    }

    public var description: String { rawValue }
}

/// The element count of `shape` (1 for a scalar), or nil when a dimension is negative or the
/// product, times `width`, overflows `Int`.
func byteCount(shape: [Int], width: Int) -> Int? {
    var count = width
    for dimension in shape {
        guard dimension >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        guard !overflow else { return nil }
        count = product
    }
    return count
}

/// `[2, 3]` as mlv prints shapes in messages.
func describe(shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
