/// Building an ``NPYArray`` from Swift numbers, reading its elements back, and reordering Fortran
/// arrays to C order.
extension NPYArray {
    /// A C-order floating-point array holding `values` rounded to `dtype` (F32 by default).
    /// - Throws: `typeMismatch` when `dtype` is not floating point; as the raw form otherwise.
    public init(shape: [Int], floats values: [Float], dtype: DType = .f32) throws(FormatsError) {
        let data = try prefixingErrors(with: "npy array") { () throws(FormatsError) in
            try dtype.littleEndianBytes(floats: values)
        }
        try self.init(dtype: dtype, shape: shape, data: data)
    }

    /// A C-order floating-point array holding `values` rounded to `dtype` (F64 by default).
    public init(shape: [Int], doubles values: [Double], dtype: DType = .f64) throws(FormatsError) {
        let data = try prefixingErrors(with: "npy array") { () throws(FormatsError) in
            try dtype.littleEndianBytes(doubles: values)
        }
        try self.init(dtype: dtype, shape: shape, data: data)
    }

    /// A C-order integer or BOOL array holding `values` (I64 by default).
    /// - Throws: `invalidArgument` when a value does not fit `dtype`; as the raw form otherwise.
    public init(shape: [Int], int64s values: [Int64], dtype: DType = .i64) throws(FormatsError) {
        let data = try prefixingErrors(with: "npy array") { () throws(FormatsError) in
            try dtype.littleEndianBytes(int64s: values)
        }
        try self.init(dtype: dtype, shape: shape, data: data)
    }

    /// The product of the shape (1 for a 0-d array).
    public var elementCount: Int { shape.reduce(1, *) }

    /// The elements as `Float`, in the order of `data` (Fortran order when ``fortranOrder``); see
    /// ``DType/floats(fromLittleEndian:)``.
    /// - Throws: `typeMismatch` for an integer or BOOL array.
    public func floats() throws(FormatsError) -> [Float] {
        try prefixingErrors(with: "npy array") { () throws(FormatsError) in try dtype.floats(fromLittleEndian: data) }
    }

    /// The elements as `Double`, exact, in the order of `data`.
    /// - Throws: `typeMismatch` for an integer or BOOL array.
    public func doubles() throws(FormatsError) -> [Double] {
        try prefixingErrors(with: "npy array") { () throws(FormatsError) in try dtype.doubles(fromLittleEndian: data) }
    }

    /// The elements as `Int64`, in the order of `data`.
    /// - Throws: `typeMismatch` for a floating-point array.
    public func int64s() throws(FormatsError) -> [Int64] {
        try prefixingErrors(with: "npy array") { () throws(FormatsError) in try dtype.int64s(fromLittleEndian: data) }
    }

    /// The elements' bytes in C (row-major) order: `data` itself for a C-order array, else the
    /// Fortran-order elements transposed (element `[i0, i1, …]` moves from offset
    /// `i0 + d0·(i1 + d1·(…))` to `((i0·d1 + i1)·d2 + …)`).
    /// - Complexity: O(n) in the data size.
    public func cContiguousData() -> ArraySlice<UInt8> {
        guard fortranOrder, shape.count > 1, !data.isEmpty else { return data }
        let width = dtype.byteWidth
        // Fortran strides, in elements: axis k moves by the product of the dimensions before it.
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var result = [UInt8]()
        result.reserveCapacity(data.count)
        var index = [Int](repeating: 0, count: shape.count)
        var source = 0
        for _ in 0..<elementCount {
            let start = data.startIndex + source * width
            result += data[start..<(start + width)]
            // Advance the C-order odometer: the last axis fastest.
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                source += strides[axis]
                if index[axis] < shape[axis] { break }
                source -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return result[...]
    }

    /// This array in C order: itself when it already is, else its transposed data.
    public func cContiguous() -> NPYArray {
        guard fortranOrder else { return self }
        return NPYArray(checked: dtype, shape: shape, data: cContiguousData(), fortranOrder: false)
    }
}
