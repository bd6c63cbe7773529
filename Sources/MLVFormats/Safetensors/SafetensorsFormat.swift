/// Byte layout of a safetensors file (https://github.com/huggingface/safetensors, "Format"):
///
/// ```
/// N        u64, little-endian: the header length in bytes (8)
/// header   N bytes of UTF-8 JSON, an object:
///            "__metadata__": {string: string}            optional, free-form
///            "<name>": {"dtype": "F32", "shape": [2, 2], "data_offsets": [begin, end]}
///          optionally padded with trailing spaces
/// data     the tensors' little-endian bytes; offsets count from the start of this buffer, and the
///          tensors cover it exactly: contiguous, non-overlapping, no gaps, nothing after the last
/// ```
///
/// mlv writes the canonical form the reference implementation (safetensors 0.4 and later) writes,
/// byte for byte: tensors ordered by dtype rank (``DType/safetensorsRank``, widest first) and then by
/// name as UTF-8 bytes; `__metadata__` first, left out when empty, with keys sorted by their UTF-8
/// bytes (the reference writes them in hash-map order, which varies between runs, so its bytes
/// match mlv's only for metadata of at most one key); inside a tensor the keys `dtype`, `shape`,
/// `data_offsets` in that order; no whitespace; then spaces up to a multiple of 8 bytes, so the data
/// buffer and (given the order) every tensor in it is aligned.
enum SafetensorsFormat {
    /// The size of the little-endian header length.
    static let lengthSize = 8
    /// The largest header the reference implementation reads (`MAX_HEADER_SIZE`).
    static let maxHeaderLength = 100_000_000
    /// The header length is padded to a multiple of this.
    static let alignment = 8
    /// The reserved key of the metadata map.
    static let metadataKey = "__metadata__"

    /// True when `left` is written before `right`: higher dtype rank first, then by name bytes.
    static func writeOrder(_ left: SafetensorsTensor, _ right: SafetensorsTensor) -> Bool {
        if left.dtype.safetensorsRank != right.dtype.safetensorsRank {
            return left.dtype.safetensorsRank > right.dtype.safetensorsRank
        }
        return left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
    }

    /// Appends `text` as a JSON string the way serde_json writes it: `"` and `\` escaped, control
    /// characters as `\b \f \n \r \t` or `\u00xx` (lowercase hex), everything else as raw UTF-8.
    static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `[1,2,3]`.
    static func appendJSONIntegers(_ values: [Int], to bytes: inout [UInt8]) {
        bytes += Array(("[" + values.map(String.init).joined(separator: ",") + "]").utf8)
    }
}
