import MLVFormats
import Testing

@Suite struct Float16ConversionTests {
    static let float16Values: [(UInt16, Float)] = [
        (0x0000, 0), (0x8000, -0.0), (0x3C00, 1), (0xC000, -2), (0x3555, 0.333251953125),
        (0x7BFF, 65504), (0x0400, 0x1p-14), (0x03FF, 0x1.ff8p-15), (0x0001, 0x1p-24), (0x8001, -0x1p-24),
        (0x7C00, .infinity), (0xFC00, -.infinity),
    ]

    static let float16Rounding: [(Float, UInt16)] = [
        (1, 0x3C00), (-0.0, 0x8000), (65504, 0x7BFF),
        // Halfway between 65504 and 65536 (which is past the largest finite): ties to even is inf.
        (65520, 0x7C00), (65519.996, 0x7BFF), (1e10, 0x7C00), (-1e10, 0xFC00),
        // 1 + 2⁻¹¹ is halfway between 1 and 1 + 2⁻¹⁰: even mantissa (1) wins; 1 + 3·2⁻¹¹ goes up.
        (1 + 0x1p-11, 0x3C00), (1 + 0x3p-11, 0x3C02), (1 + 0x1p-11 + 0x1p-20, 0x3C01),
        // Subnormals: 2⁻²⁴ is the smallest; half of it ties to 0; a bit more rounds up to it.
        (0x1p-24, 0x0001), (0x1p-25, 0x0000), (0x1.000002p-25, 0x0001), (-0x1p-25, 0x8000),
        (0x3p-25, 0x0002), (0x5p-25, 0x0002), (0x1p-26, 0x0000), (Float.leastNonzeroMagnitude, 0x0000),
        // The largest subnormal rounds up into the smallest normal through the carry.
        (0x1.ffcp-15, 0x0400), (0x1.ff8p-15, 0x03FF), (0x1p-14, 0x0400),
        (.infinity, 0x7C00), (-.infinity, 0xFC00),
    ]

    static let bfloat16Values: [(UInt16, Float)] = [
        (0x3F80, 1), (0xC000, -2), (0x0001, 0x1p-133), (0x7F7F, 0x1.fep127), (0x7F80, .infinity),
    ]

    static let bfloat16Rounding: [(Float, UInt16)] = [
        (1, 0x3F80), (-0.0, 0x8000),
        // 1 + 2⁻⁸ is the tie between 0x3F80 and 0x3F81: even wins; 1 + 3·2⁻⁸ ties up to 0x3F82.
        (1 + 0x1p-8, 0x3F80), (1 + 0x3p-8, 0x3F82), (1 + 0x1p-8 + 0x1p-23, 0x3F81),
        // The largest binary32 is past the last bfloat16 tie, so it becomes infinity.
        (.greatestFiniteMagnitude, 0x7F80), (-.greatestFiniteMagnitude, 0xFF80), (0x1.fep127, 0x7F7F),
        // Subnormals round the same way: the smallest binary32 subnormal is below half of 2⁻¹³³.
        (Float.leastNonzeroMagnitude, 0x0000), (0x1p-133, 0x0001), (0x1p-134, 0x0000), (0x3p-134, 0x0002),
        (.infinity, 0x7F80),
    ]

    // MARK: binary16

    @Test("binary16 bits widen to the exact value", arguments: Self.float16Values)
    func float16Widening(bits: UInt16, value: Float) {
        let widened = Float16Conversion.float(fromFloat16Bits: bits)
        #expect(widened == value)
        #expect(widened.sign == value.sign)
    }

    @Test("binary32 rounds to the nearest binary16, ties to even", arguments: Self.float16Rounding)
    func float16Narrowing(value: Float, bits: UInt16) {
        #expect(Float16Conversion.float16Bits(from: value) == bits)
    }

    @Test("NaN stays NaN with its sign and top payload, and is quiet")
    func float16NaN() {
        let quiet = Float16Conversion.float16Bits(from: Float.nan)
        #expect(quiet & 0x7C00 == 0x7C00 && quiet & 0x03FF != 0 && quiet & 0x0200 != 0)
        // A payload only in the dropped low bits must not become infinity.
        let lowPayload = Float(bitPattern: 0x7F80_0001)
        #expect(Float16Conversion.float16Bits(from: lowPayload) == 0x7E00)
        #expect(Float16Conversion.float16Bits(from: -Float.nan) & 0x8000 != 0)
        #expect(Float16Conversion.float(fromFloat16Bits: 0x7E00).isNaN)
        #expect(Float16Conversion.float(fromFloat16Bits: 0x7C01).isNaN)
    }

    @Test("every binary16 survives a round trip through binary32")
    func float16Exhaustive() {
        let failures = (UInt16.min...UInt16.max).filter { bits in
            let value = Float16Conversion.float(fromFloat16Bits: bits)
            let back = Float16Conversion.float16Bits(from: value)
            return value.isNaN ? back & 0x7C00 != 0x7C00 || back & 0x03FF == 0 : back != bits
        }
        #expect(failures.isEmpty, "first failures: \(failures.prefix(5).map { String($0, radix: 16) })")
    }

    #if !(os(macOS) && arch(x86_64))
        @Test("agrees with Swift's Float16 on every binary16 and on a sweep of binary32 values")
        func float16AgreesWithStandardLibrary() {
            var mismatches: [UInt32] = []
            for bits in UInt16.min...UInt16.max where !Float16(bitPattern: bits).isNaN {
                if Float16Conversion.float(fromFloat16Bits: bits) != Float(Float16(bitPattern: bits)) {
                    mismatches.append(UInt32(bits))
                }
            }
            // Every 2¹²-th binary32 bit pattern and its neighbours, across all exponents and signs.
            for high in stride(from: UInt32(0), through: 0xFFFF_E000, by: 4096) {
                for bits in [high, high + 1, high + 0xFFF, high + 0x1000] {
                    let value = Float(bitPattern: bits)
                    if !value.isNaN, Float16Conversion.float16Bits(from: value) != Float16(value).bitPattern {
                        mismatches.append(bits)
                    }
                }
            }
            #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5).map { String($0, radix: 16) })")
        }
    #endif

    @Test("double narrowing rounds once, where going through Float would round twice")
    func float16FromDouble() {
        // 1 + 2⁻¹¹ + 2⁻⁴⁰ is just above the binary16 tie, so it rounds up; Float(x) drops the 2⁻⁴⁰
        // and lands exactly on the tie, which would round down to even.
        let value = 1 + 0x1p-11 + 0x1p-40
        #expect(Float16Conversion.float16Bits(from: Float(value)) == 0x3C00)
        #expect(Float16Conversion.float16Bits(from: value) == 0x3C01)
        #expect(Float16Conversion.float16Bits(from: 1 + 0x1p-11) == 0x3C00)
        #expect(Float16Conversion.float16Bits(from: Double(-0x1p-30)) == 0x8000)
        #expect(Float16Conversion.float16Bits(from: Double.infinity) == 0x7C00)
        #expect(Float16Conversion.float(fromFloat16Bits: Float16Conversion.float16Bits(from: Double.nan)).isNaN)
    }

    // MARK: bfloat16

    @Test("bfloat16 bits widen to the exact value", arguments: Self.bfloat16Values)
    func bfloat16Widening(bits: UInt16, value: Float) {
        #expect(Float16Conversion.float(fromBFloat16Bits: bits) == value)
    }

    @Test("binary32 rounds to the nearest bfloat16, ties to even", arguments: Self.bfloat16Rounding)
    func bfloat16Narrowing(value: Float, bits: UInt16) {
        #expect(Float16Conversion.bfloat16Bits(from: value) == bits)
    }

    @Test("bfloat16 NaN stays a quiet NaN, even with a payload only in the dropped bits")
    func bfloat16NaN() {
        #expect(Float16Conversion.bfloat16Bits(from: Float(bitPattern: 0x7F80_0001)) == 0x7FC0)
        #expect(Float16Conversion.bfloat16Bits(from: Float(bitPattern: 0xFFC0_0000)) == 0xFFC0)
        #expect(Float16Conversion.float(fromBFloat16Bits: 0x7FC0).isNaN)
        let fromDouble = Float16Conversion.bfloat16Bits(from: Double.nan)
        #expect(Float16Conversion.float(fromBFloat16Bits: fromDouble).isNaN)
    }

    @Test("every bfloat16 survives a round trip, and doubles round once")
    func bfloat16Exhaustive() {
        let failures = (UInt16.min...UInt16.max).filter { bits in
            let value = Float16Conversion.float(fromBFloat16Bits: bits)
            guard !value.isNaN else { return false }
            return Float16Conversion.bfloat16Bits(from: value) != bits
                || Float16Conversion.bfloat16Bits(from: Double(value)) != bits
        }
        #expect(failures.isEmpty, "first failures: \(failures.prefix(5).map { String($0, radix: 16) })")
        // Just above the tie at 1 + 2⁻⁸: Float(x) would land on the tie and round down.
        #expect(Float16Conversion.bfloat16Bits(from: 1 + 0x1p-8 + 0x1p-40) == 0x3F81)
    }
}
