import MLVFormats
import Testing

@Suite struct DTypeTests {
    @Test("names, widths and NPY descrs", arguments: DType.allCases)
    func properties(dtype: DType) {
        #expect(DType(rawValue: dtype.rawValue) == dtype)
        #expect("\(dtype)" == dtype.rawValue)
        let expected: [DType: (Int, String?)] = [
            .f64: (8, "<f8"), .f32: (4, "<f4"), .f16: (2, "<f2"), .bf16: (2, nil), .i64: (8, "<i8"),
            .i32: (4, "<i4"), .i16: (2, "<i2"), .i8: (1, "|i1"), .u8: (1, "|u1"), .bool: (1, "|b1"),
        ]
        #expect(dtype.byteWidth == expected[dtype]?.0)
        #expect(dtype.npyDescr == expected[dtype]?.1)
    }

    @Test("floats round-trip through every floating-point dtype", arguments: [DType.f64, .f32, .f16, .bf16])
    func floatRoundTrip(dtype: DType) throws {
        // Values every float dtype holds exactly: small integers, halves, powers of two, signed zeros.
        let values: [Float] = [0, -0.0, 1, -1, 0.5, -2.5, 3, 256, -0.125, 0x1p-6, .infinity, -.infinity]
        let bytes = try dtype.littleEndianBytes(floats: values)
        #expect(bytes.count == values.count * dtype.byteWidth)
        let back = try dtype.floats(fromLittleEndian: bytes[...])
        #expect(back == values)
        #expect(back.map(\.sign) == values.map(\.sign))
        #expect(try dtype.doubles(fromLittleEndian: bytes[...]) == values.map(Double.init))
        #expect(try dtype.floats(fromLittleEndian: try dtype.littleEndianBytes(floats: [.nan])[...])[0].isNaN)
    }

    @Test("doubles round-trip exactly through F64 and round once to narrower dtypes")
    func doubleRoundTrip() throws {
        let values = [0.1, -1e300, 0x1p-1074, Double.pi]
        let bytes = try DType.f64.littleEndianBytes(doubles: values)
        #expect(try DType.f64.doubles(fromLittleEndian: bytes[...]) == values)
        // 0.1 in F32 is Float(0.1); F64 read as floats rounds to nearest.
        #expect(
            try DType.f32.doubles(fromLittleEndian: DType.f32.littleEndianBytes(doubles: [0.1])[...]) == [
                Double(Float(0.1))
            ])
        #expect(try DType.f64.floats(fromLittleEndian: bytes[...]) == values.map { Float($0) })
        #expect(try DType.f16.littleEndianBytes(doubles: [1 + 0x1p-11 + 0x1p-40]) == [0x01, 0x3C])
    }

    @Test("F32 bytes are little-endian IEEE binary32")
    func littleEndianLayout() throws {
        #expect(try DType.f32.littleEndianBytes(floats: [1, -2]) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0])
        #expect(try DType.bf16.littleEndianBytes(floats: [1]) == [0x80, 0x3F])
        #expect(try DType.i32.littleEndianBytes(int64s: [-2, 258]) == [0xFE, 0xFF, 0xFF, 0xFF, 2, 1, 0, 0])
    }

    @Test(
        "integers round-trip through every integer dtype at its limits",
        arguments: [
            (DType.i64, [Int64.min, -1, 0, 1, Int64.max]), (.i32, [Int64(Int32.min), -1, 0, Int64(Int32.max)]),
            (.i16, [-32768, -1, 0, 32767]), (.i8, [-128, -1, 0, 127]), (.u8, [0, 1, 128, 255]), (.bool, [0, 1, 1, 0]),
        ])
    func integerRoundTrip(dtype: DType, values: [Int64]) throws {
        let bytes = try dtype.littleEndianBytes(int64s: values)
        #expect(bytes.count == values.count * dtype.byteWidth)
        #expect(try dtype.int64s(fromLittleEndian: bytes[...]) == values)
    }

    @Test("BOOL reads any nonzero byte as 1")
    func boolNonzero() throws {
        #expect(try DType.bool.int64s(fromLittleEndian: [0, 1, 2, 255][...]) == [0, 1, 1, 1])
    }

    @Test("a value that does not fit is refused, naming it and its index")
    func integerOutOfRange() {
        let error = #expect(throws: FormatsError.self) { try DType.u8.littleEndianBytes(int64s: [1, 256]) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == "value 256 at index 1 does not fit in U8")
        #expect(throws: FormatsError.self) { try DType.bool.littleEndianBytes(int64s: [2]) }
        #expect(throws: FormatsError.self) { try DType.i32.littleEndianBytes(int64s: [Int64(Int32.max) + 1]) }
    }

    @Test("reading or writing the wrong family is a type mismatch")
    func typeMismatch() {
        let cases: [() throws -> Void] = [
            { _ = try DType.i32.floats(fromLittleEndian: [0, 0, 0, 0][...]) },
            { _ = try DType.bool.doubles(fromLittleEndian: [0][...]) },
            { _ = try DType.f32.int64s(fromLittleEndian: [0, 0, 0, 0][...]) },
            { _ = try DType.u8.littleEndianBytes(floats: [1]) },
            { _ = try DType.i64.littleEndianBytes(doubles: [1]) },
            { _ = try DType.f16.littleEndianBytes(int64s: [1]) },
        ]
        for body in cases {
            let error = #expect(throws: FormatsError.self) { try body() }
            #expect(error?.code == .typeMismatch)
        }
    }

    @Test("a byte count that is not whole elements is refused")
    func partialElement() {
        let error = #expect(throws: FormatsError.self) { try DType.f32.floats(fromLittleEndian: [0, 0, 0][...]) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == "3 bytes are not a whole number of 4-byte F32 elements")
    }
}
