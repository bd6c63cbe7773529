/// Where an NPY file's parts lie, read from its header alone: what storage needs to cut chunks
/// at the header's end and pick a codec for the data, without reading the data.
public struct NPYLayout: Sendable, Equatable {
    public let dtype: DType
    public let shape: [Int]
    public let fortranOrder: Bool
    /// Whether the data is stored big-endian (descr `>…`).
    public let bigEndian: Bool
    /// Offset of the first data byte (the preamble, length field and header text before it).
    public let dataStart: Int
    /// Bytes of data the shape and dtype call for.
    public let dataLength: Int

    /// Parses the header at the start of `prefix`, which must hold at least the whole header.
    /// - Throws: `FormatsError` as `NPYArray.init(bytes:)` does for the header; the data is not
    ///   checked.
    /// - Complexity: O(h) for a header of h bytes.
    public init(prefix bytes: ArraySlice<UInt8>) throws(FormatsError) {
        let base = bytes.startIndex
        guard bytes.count >= NPYFormat.preambleSize, bytes.starts(with: NPYFormat.magic) else {
            throw FormatsError(.malformed, "not an npy file: it does not start with \"\\x93NUMPY\"")
        }
        let (major, minor) = (bytes[base + 6], bytes[base + 7])
        guard let fieldSize = NPYFormat.lengthFieldSize(major: major, minor: minor) else {
            throw FormatsError(
                .unsupported, "npy format version \(major).\(minor) is not supported (mlv reads 1.0, 2.0 and 3.0)")
        }
        let textStart = NPYFormat.preambleSize + fieldSize
        guard bytes.count >= textStart else {
            throw FormatsError(.truncated, "npy file is \(bytes.count) bytes, shorter than its header length field")
        }
        let length = Int(bytes[base...].word(base + NPYFormat.preambleSize, fieldSize))
        guard length <= NPYFormat.maxHeaderLength else {
            throw FormatsError(
                .headerTooLarge, "npy header length \(length) is over the limit of \(NPYFormat.maxHeaderLength) bytes")
        }
        let dataStart = textStart + length
        guard bytes.count >= dataStart else {
            throw FormatsError(
                .truncated,
                "npy header length \(length) runs past the end of the file: \(dataStart) bytes needed, "
                    + "\(bytes.count) present")
        }
        let header = try NPYHeader(
            parsing: try NPYArray.text(bytes[(base + textStart)..<(base + dataStart)], major: major),
            allowsLongSuffix: major < 3)
        guard let needed = byteCount(shape: header.shape, width: header.descr.dtype.byteWidth) else {
            throw FormatsError(
                .invalidShape, "npy header: shape \(NPYHeader.repr(shape: header.shape)) has too many elements")
        }
        self.dtype = header.descr.dtype
        self.shape = header.shape
        self.fortranOrder = header.fortranOrder
        self.bigEndian = header.descr.bigEndian
        self.dataStart = dataStart
        self.dataLength = needed
    }
}
