import MLVFormats
import Testing

@Suite struct SafetensorsHeaderTests {
    @Test("the header parses from the first 8 + N bytes alone")
    func headerOnly() throws {
        let file = try SafetensorsFile(
            tensors: [try sampleTensor(.f32, name: "w", shape: [4, 4]), try sampleTensor(.i8, name: "b", shape: [4])],
            metadata: ["epoch": "3"]
        ).encode()
        let prefixLength = try SafetensorsHeader.prefixLength(of: file.prefix(8))
        let header = try SafetensorsHeader(parsing: Array(file.prefix(prefixLength)))
        #expect(header.metadata == ["epoch": "3"])
        #expect(header.tensors.map(\.name) == ["w", "b"])
        #expect(header.tensor(named: "w")?.dataOffsets == 0..<64)
        #expect(header.tensor(named: "b")?.elementCount == 4)
        #expect(header.dataStart == prefixLength)
        #expect(header.fileLength == file.count)
        #expect(header == (try SafetensorsHeader(parsing: file, fileLength: file.count)))
        #expect(header == (try SafetensorsFile(bytes: file)).canonicalHeader)
        // A file length shorter than the header itself is truncation, even with the bytes at hand.
        let short = #expect(throws: FormatsError.self) { try SafetensorsHeader(parsing: file, fileLength: 20) }
        #expect(short?.code == .truncated)
    }

    @Test("a header is read past trailing space padding and with whitespace inside")
    func whitespace() throws {
        let bytes = safetensorsFile(
            header: "{\n  \"x\": {\"dtype\": \"I16\", \"shape\": [2], \"data_offsets\": [0, 4]}\n}\t  ",
            data: [1, 0, 2, 0])
        #expect(try SafetensorsFile(bytes: bytes)["x"]?.int64s() == [1, 2])
    }

    @Test("a file shorter than its length field is truncated")
    func shortFile() {
        let error = #expect(throws: FormatsError.self) { try SafetensorsFile(bytes: [1, 0, 0]) }
        #expect(error?.code == .truncated)
        #expect(error?.message == "safetensors file is 3 bytes, shorter than its 8-byte header length")
    }

    @Test("a header length past the end of the file is truncated")
    func headerPastEnd() {
        var bytes = safetensorsFile(header: "{}")
        bytes[0] = 200
        let error = #expect(throws: FormatsError.self) { try SafetensorsFile(bytes: bytes) }
        #expect(error?.code == .truncated)
        #expect(
            error?.message
                == "safetensors header length 200 runs past the end of the file: 208 bytes needed, 10 present")
    }

    @Test("a header length over 100 MB is refused before anything is read")
    func headerTooLarge() {
        let length = 100_000_001
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        let error = #expect(throws: FormatsError.self) { try SafetensorsHeader.prefixLength(of: bytes[...]) }
        #expect(error?.code == .headerTooLarge)
        #expect(error?.message == "safetensors header length 100000001 is over the limit of 100000000 bytes")
        let huge = #expect(throws: FormatsError.self) { try SafetensorsFile(bytes: [0, 0, 0, 0, 0, 0, 0, 0x80]) }
        #expect(huge?.code == .headerTooLarge)
    }

    @Test("the message names the tensor, its offsets, shape and dtype on a size mismatch")
    func shapeMismatchMessage() {
        let bytes = safetensorsFile(
            header: #"{"w1":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}"#, data: Array(repeating: 0, count: 12)
        )
        let error = #expect(throws: FormatsError.self) { try SafetensorsFile(bytes: bytes) }
        #expect(error?.code == .shapeMismatch)
        #expect(
            error?.message
                == #"safetensors header: tensor "w1" has data_offsets [0, 12] but shape [2, 2] of F32 needs 16 bytes"#)
    }

    /// One malformed header per failure mode: a label, the header JSON, the data buffer length, and
    /// the code the reader must report.
    static let malformed: [(String, String, Int, FormatsError.Code)] = [
        ("not JSON", #"{"w": {"dtype": "F32",}}"#, 0, .invalidHeader),
        ("not an object", #"["w"]"#, 0, .invalidHeader),
        ("truncated JSON", #"{"w": {"dtype": "F32""#, 0, .invalidHeader),
        ("bytes after the JSON", #"{} {}"#, 0, .invalidHeader),
        ("invalid UTF-8", "{\"w\u{FFFD}\": 1}", 0, .invalidHeader),
        ("control character in a string", "{\"a\u{1}\": {}}", 0, .invalidHeader),
        ("lone surrogate escape", #"{"\ud800": {}}"#, 0, .invalidHeader),
        ("tensor not an object", #"{"w": 3}"#, 0, .invalidHeader),
        ("missing dtype", #"{"w":{"shape":[1],"data_offsets":[0,1]}}"#, 1, .invalidHeader),
        ("missing shape", #"{"w":{"dtype":"U8","data_offsets":[0,1]}}"#, 1, .invalidHeader),
        ("missing data_offsets", #"{"w":{"dtype":"U8","shape":[1]}}"#, 1, .invalidHeader),
        ("three data_offsets", #"{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1,2]}}"#, 1, .invalidHeader),
        ("fractional dimension", #"{"w":{"dtype":"U8","shape":[1.5],"data_offsets":[0,1]}}"#, 1, .invalidHeader),
        ("dimension past 64 bits", #"{"w":{"dtype":"U8","shape":[1e99],"data_offsets":[0,1]}}"#, 1, .invalidHeader),
        ("metadata value not a string", #"{"__metadata__":{"a":1}}"#, 0, .invalidHeader),
        ("metadata not an object", #"{"__metadata__":"a"}"#, 0, .invalidHeader),
        ("unknown dtype", #"{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, 1, .unsupported),
        ("negative dimension", #"{"w":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}"#, 1, .invalidShape),
        (
            "element count overflow", #"{"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#, 8,
            .invalidShape
        ),
        ("shape too small", #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}"#, 8, .shapeMismatch),
        ("end before begin", #"{"w":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}}"#, 4, .invalidOffsets),
        ("negative offset", #"{"w":{"dtype":"U8","shape":[1],"data_offsets":[-1,0]}}"#, 0, .invalidOffsets),
        ("offsets past the data", #"{"w":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}}"#, 4, .invalidOffsets),
        (
            "overlapping tensors",
            #"{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}"#,
            6, .invalidOffsets
        ),
        (
            "gap between tensors",
            #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]}}"#,
            6, .invalidOffsets
        ),
        ("gap before the first tensor", #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}"#, 4, .invalidOffsets),
        ("data after the last tensor", #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}"#, 3, .invalidOffsets),
        (
            "duplicate tensor name",
            #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#,
            2, .duplicateName
        ),
        ("duplicate metadata", #"{"__metadata__":{},"__metadata__":{}}"#, 0, .duplicateName),
    ]

    @Test("malformed headers are refused with the code of their failure", arguments: malformed)
    func malformedHeader(label: String, header: String, dataLength: Int, code: FormatsError.Code) {
        var bytes = safetensorsFile(header: header, data: Array(repeating: 0, count: dataLength))
        if label == "invalid UTF-8", let replacement = bytes.firstIndex(of: 0xEF) {
            // Swap the 3-byte U+FFFD for a lone continuation byte and two spaces.
            bytes.replaceSubrange(replacement..<(replacement + 3), with: [0x80, 0x20, 0x20])
        }
        let error = #expect(throws: FormatsError.self, "\(label)") { try SafetensorsFile(bytes: bytes) }
        #expect(error?.code == code, "\(label): \(error?.message ?? "")")
        #expect(error?.message.hasPrefix("safetensors header") == true, "\(label)")
    }

    @Test("messages name the tensors and byte ranges involved")
    func layoutMessages() {
        let overlap = safetensorsFile(
            header:
                #"{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}"#,
            data: Array(repeating: 0, count: 6))
        #expect(
            (#expect(throws: FormatsError.self) { try SafetensorsFile(bytes: overlap) })?.message
                == #"safetensors header: tensor "b" has data_offsets [2, 6], overlapping tensor "a" at [0, 4]"#)
        let trailing = safetensorsFile(
            header: #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}"#, data: [0, 0, 0])
        #expect(
            (#expect(throws: FormatsError.self) { try SafetensorsFile(bytes: trailing) })?.message
                == "safetensors header: data bytes [2, 3] belong to no tensor (the file is longer than its tensors)")
        let unknown = safetensorsFile(header: #"{"w":{"dtype":"U4","shape":[1],"data_offsets":[0,1]}}"#, data: [0])
        #expect(
            (#expect(throws: FormatsError.self) { try SafetensorsFile(bytes: unknown) })?.message.hasPrefix(
                #"safetensors header: tensor "w" has dtype "U4", which mlv does not read"#) == true)
    }

    @Test("deeply nested JSON is refused without exhausting the stack")
    func nestingBomb() {
        let header =
            "{\"__metadata__\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        let error = #expect(throws: FormatsError.self) { try SafetensorsFile(bytes: safetensorsFile(header: header)) }
        #expect(error?.code == .invalidHeader)
    }
}
