import Testing

@testable import MLVFormats

@Suite struct NPYArrayTests {
    /// `np.save` of `np.array([1, -2], dtype='<i2')`, checked by hand against the format: magic,
    /// version 1.0, header length 0x76 = 118; the 58-character dict, 20 spare spaces (21 minus the
    /// one digit of the first axis), 39 spaces of padding and '\n', so 10 + 118 = 128 is a multiple
    /// of 64; then 1 and -2 as little-endian int16.
    static let golden = bytes(hex: [
        "93 4e 55 4d 50 59 01 00 76 00 7b 27 64 65 73 63",  // .NUMPY..v.{'desc
        "72 27 3a 20 27 3c 69 32 27 2c 20 27 66 6f 72 74",  // r': '<i2', 'fort
        "72 61 6e 5f 6f 72 64 65 72 27 3a 20 46 61 6c 73",  // ran_order': Fals
        "65 2c 20 27 73 68 61 70 65 27 3a 20 28 32 2c 29",  // e, 'shape': (2,)
        "2c 20 7d 20 20 20 20 20 20 20 20 20 20 20 20 20",  // , }
        "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20",
        "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20",
        "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 0a",  // ...\n
        "01 00 fe ff",
    ])

    @Test("encodes a tiny array to the golden bytes and reads them back")
    func golden() throws {
        let array = try NPYArray(shape: [2], int64s: [1, -2], dtype: .i16)
        #expect(try array.encode() == Self.golden)
        let read = try NPYArray(bytes: Self.golden)
        #expect(read == array)
        #expect(read.dtype == .i16 && read.shape == [2] && !read.fortranOrder)
        #expect(read.data.indices == 128..<132)
    }

    @Test("every dtype NPY has round-trips", arguments: DType.allCases.filter { $0 != .bf16 })
    func roundTrip(dtype: DType) throws {
        let values = try sampleTensor(dtype, name: "x").data
        let array = try NPYArray(dtype: dtype, shape: [2, 3], data: values)
        let bytes = try array.encode()
        #expect(bytes.count % 64 == values.count % 64)
        #expect(try NPYArray(bytes: bytes) == array)
    }

    @Test("headers are padded to 64 bytes, a full 64 when the text would end aligned")
    func alignment() throws {
        for rank in 0...12 {
            let array = try NPYArray(dtype: .u8, shape: Array(repeating: 1, count: rank), data: [7])
            let bytes = try array.encode()
            #expect((bytes.count - 1) % 64 == 0)
            #expect(bytes[bytes.count - 2] == UInt8(ascii: "\n"))
        }
        let text = String(repeating: "x", count: 64 - 10 - 1)
        #expect(NPYHeader.block(text: text).count == 128)
    }

    @Test("a header over 64 KiB is written as version 2.0 with a u32 length")
    func version2() throws {
        let block = NPYHeader.block(text: String(repeating: " ", count: 70_000))
        #expect(block[6] == 2 && block[7] == 0)
        #expect(block.count % 64 == 0)
        let length = Int(block[8]) | Int(block[9]) << 8 | Int(block[10]) << 16 | Int(block[11]) << 24
        #expect(length == block.count - 12)
    }

    @Test("BF16 cannot be written as npy")
    func bfloat16() throws {
        let array = try NPYArray(shape: [1], floats: [1], dtype: .bf16)
        let error = #expect(throws: FormatsError.self) { try array.encode() }
        #expect(error?.code == .unsupported)
    }

    @Test("big-endian files are byte-swapped to little-endian when read")
    func bigEndian() throws {
        let floats = npyFile(
            header: "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n",
            data: [0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0])
        let read = try NPYArray(bytes: floats)
        #expect(read.dtype == .f32)
        #expect(read.data == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0][...])
        #expect(try read.floats() == [1, -2])
        let bytes = npyFile(header: "{'descr': '>u1', 'fortran_order': False, 'shape': (1,)}", data: [9])
        #expect(try NPYArray(bytes: bytes).int64s() == [9])
        let longs = npyFile(
            header: "{'descr':'>i8','fortran_order':False,'shape':(1,)}", data: [0, 0, 0, 0, 0, 0, 1, 2])
        #expect(try NPYArray(bytes: longs).int64s() == [258])
    }

    @Test("Fortran order is reported, and transposed only on request")
    func fortranOrder() throws {
        // A 2×3 array [[0, 1, 2], [3, 4, 5]] stored column by column.
        let bytes = npyFile(
            header: "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", data: [0, 3, 1, 4, 2, 5])
        let read = try NPYArray(bytes: bytes)
        #expect(read.fortranOrder)
        #expect(try read.int64s() == [0, 3, 1, 4, 2, 5])
        #expect(read.cContiguousData() == [0, 1, 2, 3, 4, 5][...])
        #expect(read.cContiguous() == (try NPYArray(dtype: .u8, shape: [2, 3], data: [0, 1, 2, 3, 4, 5])))
        // Written back, it stays in Fortran order with the last axis as the growing one.
        let written = try read.encode()
        #expect(try NPYArray(bytes: written) == read)
        #expect(String(decoding: written[10..<80], as: UTF8.self).contains("'fortran_order': True"))
    }

    @Test("a three-dimensional Fortran array transposes element by element")
    func fortran3D() throws {
        let shape = [2, 3, 4]
        // Element [i, j, k] holds 100i + 10j + k; Fortran order puts i fastest.
        var fortran: [Int64] = []
        for k in 0..<4 { for j in 0..<3 { for i in 0..<2 { fortran.append(Int64(100 * i + 10 * j + k)) } } }
        let data = try DType.i16.littleEndianBytes(int64s: fortran)
        let array = try NPYArray(dtype: .i16, shape: shape, data: data, fortranOrder: true)
        var c: [Int64] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { c.append(Int64(100 * i + 10 * j + k)) } } }
        #expect(try array.cContiguous().int64s() == c)
    }

    @Test("versions 2.0 and 3.0 and Python 2 headers are read")
    func otherVersions() throws {
        let v2 = npyFile(
            major: 2, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
            data: [
                0, 0, 0, 0, 0, 0, 0xF0, 0x3F,
            ])
        #expect(try NPYArray(bytes: v2).doubles() == [1])
        let v3 = npyFile(
            major: 3, header: "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }\n",
            data: [
                5, 0, 0, 0,
            ])
        #expect(try NPYArray(bytes: v3).int64s() == [5])
        let python2 = npyFile(header: "{'descr': '|b1', 'fortran_order': False, 'shape': (2L,), }", data: [1, 0])
        #expect(try NPYArray(bytes: python2).int64s() == [1, 0])
        let quoted = npyFile(header: #"{"shape": (), "descr": "?", "fortran_order": False}"#, data: [1])
        #expect(try NPYArray(bytes: quoted).dtype == .bool)
    }

    @Test("a 0-d array and an empty array")
    func edgeShapes() throws {
        let scalar = try NPYArray(shape: [], doubles: [2.5])
        let bytes = try scalar.encode()
        // No spare spaces for a 0-d array: the dict, padding to 128 bytes, then 8 data bytes.
        let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (), }"
        let text = String(decoding: bytes[10..<128], as: UTF8.self)
        #expect(bytes.count == 136)
        #expect(text == dict + String(repeating: " ", count: 117 - dict.count) + "\n")
        #expect(try NPYArray(bytes: bytes).doubles() == [2.5])
        let empty = try NPYArray(shape: [0, 5], floats: [])
        #expect(try NPYArray(bytes: try empty.encode()) == empty)
    }
}
