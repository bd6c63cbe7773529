/// One named tensor of a safetensors file: dtype, shape and raw little-endian bytes in row-major
/// (C) order. The bytes always match the shape: `data.count == elementCount × dtype.byteWidth`.
///
/// A tensor read by ``SafetensorsFile/init(bytes:)`` shares the file's storage: `data` is a slice of
/// the file bytes, so `data.indices` is where the tensor lies in the file, and nothing is copied.
public struct SafetensorsTensor: Sendable, Equatable {
    /// The name; any string but `__metadata__`.
    public var name: String
    public let dtype: DType
    /// Dimensions, outermost first; empty for a scalar.
    public let shape: [Int]
    /// The elements' little-endian bytes.
    public let data: ArraySlice<UInt8>

    /// A tensor of `dtype` and `shape` holding `data`.
    /// - Throws: `invalidShape` for a negative dimension or an element count that overflows;
    ///   `shapeMismatch` when `data` does not hold exactly the elements of `shape`.
    public init(name: String, dtype: DType, shape: [Int], data: ArraySlice<UInt8>) throws(FormatsError) {
        let context = "tensor \(quoted(name))"
        guard let needed = byteCount(shape: shape, width: dtype.byteWidth) else {
            throw FormatsError(.invalidShape, "\(context) has shape \(describe(shape: shape)), which is not valid")
        }
        guard needed == data.count else {
            throw FormatsError(
                .shapeMismatch,
                "\(context) has \(data.count) bytes but shape \(describe(shape: shape)) of \(dtype) needs \(needed) bytes"
            )
        }
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// A tensor holding `data`; see the `ArraySlice` form.
    public init(name: String, dtype: DType, shape: [Int], data: [UInt8]) throws(FormatsError) {
        try self.init(name: name, dtype: dtype, shape: shape, data: data[...])
    }

    /// A floating-point tensor holding `values` rounded to `dtype` (F32 by default).
    /// - Throws: `typeMismatch` when `dtype` is not floating point; as the raw form otherwise.
    public init(name: String, shape: [Int], floats values: [Float], dtype: DType = .f32) throws(FormatsError) {
        let data = try prefixingErrors(with: "tensor \(quoted(name))") { () throws(FormatsError) in
            try dtype.littleEndianBytes(floats: values)
        }
        try self.init(name: name, dtype: dtype, shape: shape, data: data)
    }

    /// A floating-point tensor holding `values` rounded to `dtype` (F64 by default).
    public init(name: String, shape: [Int], doubles values: [Double], dtype: DType = .f64) throws(FormatsError) {
        let data = try prefixingErrors(with: "tensor \(quoted(name))") { () throws(FormatsError) in
            try dtype.littleEndianBytes(doubles: values)
        }
        try self.init(name: name, dtype: dtype, shape: shape, data: data)
    }

    /// An integer or BOOL tensor holding `values` (I64 by default).
    /// - Throws: `invalidArgument` when a value does not fit `dtype`; as the raw form otherwise.
    public init(name: String, shape: [Int], int64s values: [Int64], dtype: DType = .i64) throws(FormatsError) {
        let data = try prefixingErrors(with: "tensor \(quoted(name))") { () throws(FormatsError) in
            try dtype.littleEndianBytes(int64s: values)
        }
        try self.init(name: name, dtype: dtype, shape: shape, data: data)
    }

    /// The product of the shape (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// The elements as `Float`; see ``DType/floats(fromLittleEndian:)``.
    /// - Throws: `typeMismatch` for an integer or BOOL tensor.
    public func floats() throws(FormatsError) -> [Float] {
        try prefixingErrors(with: "tensor \(quoted(name))") { () throws(FormatsError) in
            try dtype.floats(fromLittleEndian: data)
        }
    }

    /// The elements as `Double`, exact; see ``DType/doubles(fromLittleEndian:)``.
    /// - Throws: `typeMismatch` for an integer or BOOL tensor.
    public func doubles() throws(FormatsError) -> [Double] {
        try prefixingErrors(with: "tensor \(quoted(name))") { () throws(FormatsError) in
            try dtype.doubles(fromLittleEndian: data)
        }
    }

    /// The elements as `Int64`; see ``DType/int64s(fromLittleEndian:)``.
    /// - Throws: `typeMismatch` for a floating-point tensor.
    public func int64s() throws(FormatsError) -> [Int64] {
        try prefixingErrors(with: "tensor \(quoted(name))") { () throws(FormatsError) in
            try dtype.int64s(fromLittleEndian: data)
        }
    }
}
