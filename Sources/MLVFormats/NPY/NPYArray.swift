/// One array of an NPY file (see ``NPYFormat``): dtype, shape, memory order and the elements'
/// little-endian bytes in that order. The bytes always match the shape.
///
/// Files with big-endian elements (`'>f4'`) are byte-swapped when read, so `data` is
/// little-endian whatever the file said; ``encode()`` writes little-endian. A Fortran-order file is
/// kept in Fortran order and says so in ``fortranOrder``; ``cContiguousData()`` gives the elements
/// in C order.
public struct NPYArray: Sendable, Equatable {
    public let dtype: DType
    /// Dimensions, outermost first; empty for a 0-d array.
    public let shape: [Int]
    /// True when `data` holds the elements in Fortran (column-major) order.
    public let fortranOrder: Bool
    /// The elements' little-endian bytes, in C order, or Fortran order when ``fortranOrder``.
    /// Read from little-endian files, this is a slice of the file bytes: its indices are where the
    /// data lies in the file.
    public let data: ArraySlice<UInt8>

    /// An array of `dtype` and `shape` holding `data` in the given order.
    /// - Throws: `invalidShape` for a negative dimension or an element count that overflows;
    ///   `shapeMismatch` when `data` does not hold exactly the elements of `shape`.
    public init(dtype: DType, shape: [Int], data: ArraySlice<UInt8>, fortranOrder: Bool = false)
        throws(FormatsError)
    {
        let repr = NPYHeader.repr(shape: shape)
        guard let needed = byteCount(shape: shape, width: dtype.byteWidth) else {
            throw FormatsError(.invalidShape, "npy array shape \(repr) is not valid")
        }
        guard needed == data.count else {
            throw FormatsError(
                .shapeMismatch, "npy array has \(data.count) bytes but shape \(repr) of \(dtype) needs \(needed) bytes")
        }
        self.init(checked: dtype, shape: shape, data: data, fortranOrder: fortranOrder)
    }

    /// An array from parts already known to agree.
    init(checked dtype: DType, shape: [Int], data: ArraySlice<UInt8>, fortranOrder: Bool) {
        self.dtype = dtype
        self.shape = shape
        self.fortranOrder = fortranOrder
        self.data = data
    }

    /// An array holding `data`; see the `ArraySlice` form.
    public init(dtype: DType, shape: [Int], data: [UInt8], fortranOrder: Bool = false) throws(FormatsError) {
        try self.init(dtype: dtype, shape: shape, data: data[...], fortranOrder: fortranOrder)
    }

    /// Reads and validates a whole NPY file, version 1.0, 2.0 or 3.0.
    /// - Throws: `malformed` for a bad magic or bytes after the data; `unsupported` for another
    ///   version or a descr mlv does not read; `truncated` when the header or data runs past the
    ///   end; `headerTooLarge` over 1 MiB of header; `invalidHeader`, `invalidShape` as
    ///   numpy's checks of the header dict find them.
    /// - Complexity: O(h) for a header of h bytes, plus O(n) to byte-swap a big-endian file.
    public init(bytes: [UInt8]) throws(FormatsError) {
        let layout = try NPYLayout(prefix: bytes[...])
        let dataStart = layout.dataStart
        let (dtype, needed) = (layout.dtype, layout.dataLength)
        let found = bytes.count - dataStart
        guard found == needed else {
            throw FormatsError(
                found < needed ? .truncated : .malformed,
                "npy data: shape \(NPYHeader.repr(shape: layout.shape)) of \(dtype) needs \(needed) bytes after the "
                    + "\(dataStart)-byte header, found \(found)")
        }
        var data = bytes[dataStart...]
        if layout.bigEndian { data = NPYArray.byteSwapped(data, width: dtype.byteWidth)[...] }
        self.init(checked: dtype, shape: layout.shape, data: data, fortranOrder: layout.fortranOrder)
    }

    /// The bytes numpy 2's `np.save` writes for this array: version 1.0 (2.0 for a header over
    /// 64 KiB), little-endian descr, data in this array's order.
    /// - Throws: `unsupported` for BF16, which NPY has no descr for.
    /// - Complexity: O(n) in the data size.
    public func encode() throws(FormatsError) -> [UInt8] {
        guard let descr = dtype.npyDescr else {
            throw FormatsError(
                .unsupported, "npy has no dtype for \(dtype); convert the array to F32 to write it as npy")
        }
        var bytes = NPYHeader.block(text: NPYHeader.text(descr: descr, fortranOrder: fortranOrder, shape: shape))
        bytes.reserveCapacity(bytes.count + data.count)
        bytes += data
        return bytes
    }

    /// The header text, decoded as Latin-1 (versions 1 and 2) or UTF-8 (version 3).
    static func text(_ bytes: ArraySlice<UInt8>, major: UInt8) throws(FormatsError) -> String {
        if major < 3 {
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FormatsError(.invalidHeader, "npy header (version 3.0) is not valid UTF-8")
        }
        return text
    }

    /// `data` with the bytes of each `width`-byte element reversed.
    private static func byteSwapped(_ data: ArraySlice<UInt8>, width: Int) -> [UInt8] {
        var swapped = [UInt8](repeating: 0, count: data.count)
        var element = 0
        while element < data.count {
            for byte in 0..<width {
                swapped[element + byte] = data[data.startIndex + element + width - 1 - byte]
            }
            element += width
        }
        return swapped
    }
}
