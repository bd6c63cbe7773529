/// Byte layout of an NPY file (numpy's `numpy/lib/format.py`, "Format Version 1.0" to "3.0"):
///
/// ```
/// magic    "\x93NUMPY" (6) | major u8 | minor u8
/// length   u16 little-endian (version 1.0) or u32 little-endian (2.0, 3.0): header bytes that follow
/// header   a Python dict literal, Latin-1 (1.0, 2.0) or UTF-8 (3.0):
///            {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
///          padded with spaces and ended by '\n' so magic + length + header is a multiple of 64
/// data     the elements in C (row-major) order, or Fortran (column-major) order when
///          fortran_order is True, in the byte order the descr names
/// ```
///
/// mlv writes what numpy 2's `np.save` writes, byte for byte: keys in sorted order, `repr` of each
/// value, spare spaces for growing the first axis, version 1.0 unless the header needs a u32.
enum NPYFormat {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// Magic plus the two version bytes.
    static let preambleSize = 8
    /// Header alignment (numpy's `ARRAY_ALIGN`).
    static let alignment = 64
    /// Spare header spaces are `growthAxisMaxDigits - digits of the growing axis` (numpy's
    /// `GROWTH_AXIS_MAX_DIGITS`), so the shape can be rewritten in place as the array grows.
    static let growthAxisMaxDigits = 21
    /// The longest header mlv reads. numpy's `np.load` refuses over 10,000 characters by default;
    /// mlv reads more but bounds the work a hostile length can cause.
    static let maxHeaderLength = 1 << 20
    /// The keys a header has, no more and no fewer.
    static let keys: Set<String> = ["descr", "fortran_order", "shape"]

    /// The size of the header length field of format `major`, or nil for an unknown version.
    static func lengthFieldSize(major: UInt8, minor: UInt8) -> Int? {
        guard minor == 0 else { return nil }
        switch major {
        case 1: return 2
        case 2, 3: return 4
        default: return nil
        }
    }
}

/// A parsed NPY `descr` for the element types mlv reads: the dtype and whether elements are
/// big-endian on disk.
struct NPYDescr: Equatable {
    var dtype: DType
    var bigEndian: Bool

    /// Parses `<f4`, `>i8`, `|u1`, `|b1`, `?`, `f8` (no byte order means native, which mlv takes as
    /// little-endian, as `=` and `|` are).
    /// - Throws: `unsupported` naming the descr when mlv has no such dtype.
    init(_ text: String) throws(FormatsError) {
        var rest = Substring(text)
        var bigEndian = false
        if let order = rest.first, "<>|=".contains(order) {
            bigEndian = order == ">"
            rest = rest.dropFirst()
        }
        let dtype: DType?
        if rest == "?" {
            dtype = .bool
        } else if let kind = rest.first, let width = Int(rest.dropFirst()) {
            dtype = DType(npyKind: kind, width: width)
        } else {
            dtype = nil
        }
        guard let dtype else {
            throw FormatsError(
                .unsupported,
                "npy header: descr '\(text)' is not a dtype mlv reads "
                    + "(it reads <f8 <f4 <f2 <i8 <i4 <i2 |i1 |u1 |b1, either byte order)")
        }
        self.dtype = dtype
        self.bigEndian = bigEndian && dtype.byteWidth > 1
    }
}
