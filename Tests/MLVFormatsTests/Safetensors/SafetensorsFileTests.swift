import MLVFormats
import Testing

@Suite struct SafetensorsFileTests {
    /// A tiny file checked by hand against the spec: N = 0x90 = 144 little-endian; the 138-byte
    /// JSON (`__metadata__` first, then "a" (F32 ranks above U8), keys dtype, shape, data_offsets,
    /// no whitespace) and 6 spaces to reach a multiple of 8; then the data buffer, starting at
    /// byte 152: 1.0 and -2.0 as little-endian binary32 (`00 00 80 3f`, `00 00 00 c0`) at [0, 8],
    /// the U8 bytes 1 2 3 at [8, 11]. safetensors 0.8's `save` writes the same 163 bytes.
    static let golden = bytes(hex: [
        "90 00 00 00 00 00 00 00 7b 22 5f 5f 6d 65 74 61",  // ........{"__meta
        "64 61 74 61 5f 5f 22 3a 7b 22 66 6f 72 6d 61 74",  // data__":{"format
        "22 3a 22 70 74 22 7d 2c 22 61 22 3a 7b 22 64 74",  // ":"pt"},"a":{"dt
        "79 70 65 22 3a 22 46 33 32 22 2c 22 73 68 61 70",  // ype":"F32","shap
        "65 22 3a 5b 32 5d 2c 22 64 61 74 61 5f 6f 66 66",  // e":[2],"data_off
        "73 65 74 73 22 3a 5b 30 2c 38 5d 7d 2c 22 62 22",  // sets":[0,8]},"b"
        "3a 7b 22 64 74 79 70 65 22 3a 22 55 38 22 2c 22",  // :{"dtype":"U8","
        "73 68 61 70 65 22 3a 5b 33 5d 2c 22 64 61 74 61",  // shape":[3],"data
        "5f 6f 66 66 73 65 74 73 22 3a 5b 38 2c 31 31 5d",  // _offsets":[8,11]
        "7d 7d 20 20 20 20 20 20 00 00 80 3f 00 00 00 c0",  // }}      ...?....
        "01 02 03",
    ])

    @Test("encodes a tiny file to the golden bytes and reads them back")
    func golden() throws {
        let file = try SafetensorsFile(
            tensors: [
                try SafetensorsTensor(name: "b", shape: [3], int64s: [1, 2, 3], dtype: .u8),
                try SafetensorsTensor(name: "a", shape: [2], floats: [1, -2]),
            ],
            metadata: ["format": "pt"])
        #expect(file.encode() == Self.golden)

        let read = try SafetensorsFile(bytes: Self.golden)
        #expect(read.metadata == ["format": "pt"])
        #expect(read.tensors.map(\.name) == ["a", "b"])
        #expect(read["a"]?.dtype == .f32 && read["a"]?.shape == [2])
        #expect(try read["a"]?.floats() == [1, -2])
        #expect(try read["b"]?.int64s() == [1, 2, 3])
        // Tensor data are slices of the file: their indices are file offsets.
        #expect(read["a"]?.data.indices == 152..<160)
        #expect(read["b"]?.data.indices == 160..<163)
        #expect(read.canonicalHeader.headerLength == 144)
    }

    @Test("every dtype round-trips with its shape and values", arguments: DType.allCases)
    func roundTrip(dtype: DType) throws {
        let tensor = try sampleTensor(dtype, name: "t")
        let read = try SafetensorsFile(bytes: try SafetensorsFile(tensors: [tensor]).encode())
        #expect(read.tensors == [tensor])
        if dtype.isFloatingPoint {
            #expect(try read["t"]?.floats() == [-1.25, -0.75, -0.25, 0.25, 0.75, 1.25])
            #expect(try read["t"]?.doubles() == [-1.25, -0.75, -0.25, 0.25, 0.75, 1.25])
        } else {
            #expect(try read["t"]?.int64s() == tensor.int64s())
        }
    }

    @Test("the bytes do not depend on the order tensors or metadata come in")
    func canonicalOrder() throws {
        let tensors = try DType.allCases.enumerated().map { index, dtype throws(FormatsError) in
            try sampleTensor(dtype, name: "t\(index % 3)-\(dtype)", shape: [index % 4 + 1])
        }
        let metadata = ["b": "2", "a": "1", "é": "3", "quote\"": "new\nline"]
        let forward = try SafetensorsFile(tensors: tensors, metadata: metadata).encode()
        let backward = try SafetensorsFile(tensors: tensors.reversed(), metadata: metadata).encode()
        #expect(forward == backward)
        // Re-encoding what was read gives the same bytes again.
        #expect(try SafetensorsFile(bytes: forward).encode() == forward)
    }

    @Test("tensors are ordered widest dtype first, so each starts aligned to its width")
    func alignment() throws {
        let tensors = try DType.allCases.map { dtype throws(FormatsError) in
            try sampleTensor(dtype, name: "x-\(dtype)", shape: [3])
        }
        let bytes = try SafetensorsFile(tensors: tensors).encode()
        let header = try SafetensorsHeader(parsing: bytes)
        #expect(header.dataStart % 8 == 0)
        #expect(header.tensors.map(\.dtype) == [.i64, .f64, .f32, .i32, .bf16, .f16, .i16, .i8, .u8, .bool])
        for info in header.tensors {
            #expect((header.dataStart + info.dataOffsets.lowerBound) % info.dtype.byteWidth == 0)
        }
    }

    @Test("a non-canonical file re-encodes to the canonical bytes")
    func canonicalizes() throws {
        let loose = safetensorsFile(
            header: #"{ "b" : {"shape":[1], "dtype":"U8", "data_offsets":[0,1]}, "a":{"data_offsets":[1,5],"#
                + #""dtype":"F32","shape":[],"extra":true}}   "#,
            data: [9, 0, 0, 0x80, 0x3F])
        let read = try SafetensorsFile(bytes: loose)
        #expect(read.tensors.map(\.name) == ["b", "a"])
        let expected = try SafetensorsFile(tensors: [
            try SafetensorsTensor(name: "a", shape: [], floats: [1]),
            try SafetensorsTensor(name: "b", shape: [1], int64s: [9], dtype: .u8),
        ])
        #expect(read.encode() == expected.encode())
    }

    @Test("scalars, empty tensors and an empty file")
    func edgeShapes() throws {
        let empty = try SafetensorsFile(tensors: []).encode()
        #expect(empty == [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
        #expect(try SafetensorsFile(bytes: empty).tensors.isEmpty)

        let file = try SafetensorsFile(tensors: [
            try SafetensorsTensor(name: "scalar", shape: [], doubles: [2.5]),
            try SafetensorsTensor(name: "none", shape: [0, 3], floats: []),
            try SafetensorsTensor(name: "also-none", shape: [0], int64s: [], dtype: .i8),
        ])
        let read = try SafetensorsFile(bytes: file.encode())
        #expect(try read["scalar"]?.doubles() == [2.5])
        #expect(read["scalar"]?.elementCount == 1)
        #expect(read["none"]?.shape == [0, 3] && read["none"]?.data.isEmpty == true)
        #expect(read["also-none"]?.elementCount == 0)
    }

    @Test("names with JSON escapes and non-ASCII characters survive")
    func escapedNames() throws {
        let names = ["quote\"back\\slash", "tab\tnew\nline", "bell\u{7}", "ünï/cödé", "emoji 🧪"]
        let tensors = try names.map { name throws(FormatsError) in try sampleTensor(.u8, name: name, shape: [1]) }
        let bytes = try SafetensorsFile(tensors: tensors).encode()
        let json = String(decoding: bytes[8..<(try SafetensorsHeader.prefixLength(of: bytes[...]))], as: UTF8.self)
        #expect(json.contains(#""bell\u0007""#))
        #expect(json.contains(#""tab\tnew\nline""#))
        #expect(try Set(SafetensorsFile(bytes: bytes).tensors.map(\.name)) == Set(names))
    }

    @Test("building a file refuses duplicate names and the reserved metadata key")
    func buildErrors() throws {
        let tensor = try sampleTensor(.f32, name: "w")
        let duplicate = #expect(throws: FormatsError.self) { try SafetensorsFile(tensors: [tensor, tensor]) }
        #expect(duplicate?.code == .duplicateName)
        #expect(duplicate?.message == #"tensor "w" is given twice"#)
        var reserved = tensor
        reserved.name = "__metadata__"
        let error = #expect(throws: FormatsError.self) { try SafetensorsFile(tensors: [reserved]) }
        #expect(error?.code == .invalidArgument)
    }

    @Test("a tensor's bytes must match its shape")
    func tensorShape() {
        let error = #expect(throws: FormatsError.self) {
            try SafetensorsTensor(name: "w", dtype: .f32, shape: [2, 2], data: [UInt8](repeating: 0, count: 12))
        }
        #expect(error?.code == .shapeMismatch)
        #expect(error?.message == #"tensor "w" has 12 bytes but shape [2, 2] of F32 needs 16 bytes"#)
        let negative = #expect(throws: FormatsError.self) {
            try SafetensorsTensor(name: "w", dtype: .u8, shape: [-1], data: [])
        }
        #expect(negative?.code == .invalidShape)
    }

    @Test("accessors convert half precision and name the tensor on a type mismatch")
    func accessors() throws {
        let half = try SafetensorsTensor(name: "h", dtype: .f16, shape: [2], data: [0x00, 0x3C, 0x00, 0xC0])
        #expect(try half.floats() == [1, -2])
        let brain = try SafetensorsTensor(name: "b", dtype: .bf16, shape: [1], data: [0x80, 0x3F])
        #expect(try brain.doubles() == [1])
        let error = #expect(throws: FormatsError.self) { try half.int64s() }
        #expect(error?.code == .typeMismatch)
        #expect(error?.message.hasPrefix(#"tensor "h": cannot read integers from F16 elements"#) == true)
    }
}
