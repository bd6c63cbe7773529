import MLVDiff
import MLVFormats

/// Builders for tensor-diff inputs, through MLVFormats' writers.
enum TensorFixtures {
    /// The canonical bytes of a safetensors file holding `tensors` and `metadata`.
    static func safetensors(_ tensors: [SafetensorsTensor], metadata: [String: String] = [:]) throws -> [UInt8] {
        try SafetensorsFile(tensors: tensors, metadata: metadata).encode()
    }

    /// A tensor of any dtype from `values`: floats rounded to the dtype, integers as they are
    /// (BOOL takes 0 and 1).
    static func tensor(_ name: String, _ dtype: DType, shape: [Int], _ values: [Double]) throws -> SafetensorsTensor {
        if dtype.isFloatingPoint {
            return try SafetensorsTensor(name: name, shape: shape, doubles: values, dtype: dtype)
        }
        return try SafetensorsTensor(name: name, shape: shape, int64s: values.map { Int64($0) }, dtype: dtype)
    }

    /// A safetensors file around a hand-written `header` (its length as a little-endian u64 is
    /// put in front), then `data`; for malformed inputs the writers refuse to produce.
    static func rawSafetensors(header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
        let json = Array(header.utf8)
        let declared = length ?? UInt64(json.count)
        var bytes: [UInt8] = []
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: declared >> UInt64(shift)))
        }
        return bytes + json + data
    }

    /// An NPY version 1.0 file with a hand-written header dict (padded to 64 bytes), then `data`.
    static func rawNPY(header: String, data: [UInt8] = []) -> [UInt8] {
        var text = Array(header.utf8)
        while (10 + text.count + 1) % 64 != 0 { text.append(UInt8(ascii: " ")) }
        text.append(UInt8(ascii: "\n"))
        let length = text.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + text + data
    }
}
