import MLVFormats

/// Bytes from hex dump lines of space-separated pairs (`"90 00 7b"`), as golden tests spell files.
func bytes(hex lines: [String]) -> [UInt8] {
    lines.joined(separator: " ").split(separator: " ").compactMap { UInt8($0, radix: 16) }
}

/// A safetensors file around `header`: its length as a little-endian u64, the JSON, then `data`.
func safetensorsFile(header: String, data: [UInt8] = []) -> [UInt8] {
    let json = Array(header.utf8)
    var bytes: [UInt8] = []
    for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: json.count >> shift)) }
    return bytes + json + data
}

/// An NPY file: magic, `major`.0, the header text's length (u16 for 1.0, else u32), the text, then
/// `data`. The text is used as given: no padding is added.
func npyFile(major: UInt8 = 1, header: String, data: [UInt8] = []) -> [UInt8] {
    let text = Array(header.utf8)
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, 0]
    for byte in 0..<(major == 1 ? 2 : 4) { bytes.append(UInt8(truncatingIfNeeded: text.count >> (8 * byte))) }
    return bytes + text + data
}

/// Lowercase hex of `bytes`, for comparing with what Python prints.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// Sample values for one dtype: the same formula for every dtype, exact in each, with signs, zero
/// and (for floats) fractions, so round trips can compare with `==`.
func sampleTensor(_ dtype: DType, name: String, shape: [Int] = [2, 3]) throws(FormatsError) -> SafetensorsTensor {
    let count = shape.reduce(1, *)
    if dtype.isFloatingPoint {
        let values = (0..<count).map { Float($0) * 0.5 - 1.25 }
        return try SafetensorsTensor(name: name, shape: shape, floats: values, dtype: dtype)
    }
    let values = (0..<count).map { index -> Int64 in
        switch dtype {
        case .bool: Int64(index % 2)
        case .u8: Int64(index * 37 % 256)
        default: Int64(index * 37 % 200 - 100)
        }
    }
    return try SafetensorsTensor(name: name, shape: shape, int64s: values, dtype: dtype)
}
