/// Exact conversions between `Float` and the two 16-bit float encodings, on bit patterns, so they
/// behave the same on every platform (Swift's `Float16` does not exist on Intel macOS).
///
/// Narrowing rounds to nearest, ties to even, as IEEE 754 and numpy do: values past the largest
/// finite become infinity, values below half the smallest subnormal become a signed zero. NaNs stay
/// NaN with their sign and their top payload bits, and are made quiet so that a payload held only
/// in the dropped bits cannot turn into infinity. Widening is exact.
public enum Float16Conversion {
    /// The `Float` with the value of the IEEE binary16 `bits`; exact for every input.
    public static func float(fromFloat16Bits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits) & 0x3FF
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2⁻²⁴, exact in binary32.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | (exponent + 127 - 15) << 23 | mantissa << 13)
        }
    }

    /// The IEEE binary16 bits nearest to `value`, ties to even.
    /// - Complexity: O(1), branches only on the exponent.
    public static func float16Bits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: bits >> 16) & 0x8000
        let exponent = Int(bits >> 23) & 0xFF
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {
            guard mantissa != 0 else { return sign | 0x7C00 }
            return sign | 0x7E00 | UInt16(truncatingIfNeeded: mantissa >> 13)
        }
        let halfExponent = exponent - 127 + 15
        if halfExponent >= 0x1F { return sign | 0x7C00 }
        if halfExponent <= 0 {
            // The result is subnormal (or rounds up to the smallest normal, which the carry into
            // the exponent field encodes by itself): the 24-bit significand shifted into place.
            let shift = 14 - halfExponent
            guard shift <= 24 else { return sign }
            let significand = mantissa | 0x80_0000
            return sign | UInt16(roundShiftingRight(significand, by: shift))
        }
        // Normal: exponent and mantissa side by side, so a carry out of the mantissa bumps the
        // exponent and a carry out of the largest finite yields infinity (0x7C00).
        let combined = UInt32(halfExponent) << 23 | mantissa
        return sign | UInt16(roundShiftingRight(combined, by: 13))
    }

    /// The `Float` with the value of the bfloat16 `bits`; exact for every input.
    public static func float(fromBFloat16Bits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// The bfloat16 bits nearest to `value`, ties to even.
    public static func bfloat16Bits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        return UInt16(truncatingIfNeeded: roundShiftingRight(bits, by: 16))
    }

    /// The IEEE binary16 bits nearest to `value`, ties to even, with a single rounding.
    public static func float16Bits(from value: Double) -> UInt16 {
        float16Bits(from: roundedToOdd(value))
    }

    /// The bfloat16 bits nearest to `value`, ties to even, with a single rounding.
    public static func bfloat16Bits(from value: Double) -> UInt16 {
        bfloat16Bits(from: roundedToOdd(value))
    }

    /// `value >> shift` rounded to nearest, ties to even; `shift` is in 1...31.
    private static func roundShiftingRight(_ value: UInt32, by shift: Int) -> UInt32 {
        let kept = value >> UInt32(shift)
        let dropped = value & ((1 << UInt32(shift)) - 1)
        let half: UInt32 = 1 << UInt32(shift - 1)
        if dropped > half || (dropped == half && kept & 1 == 1) { return kept + 1 }
        return kept
    }

    /// `value` narrowed to `Float` rounding to odd: truncated toward zero, with the last bit set
    /// when anything was dropped. Rounding that result to a format at least two bits narrower
    /// (binary16 has 11, bfloat16 8, binary32 24) gives the correctly rounded value of `value`,
    /// which narrowing through a plain `Float(value)` would not (double rounding).
    private static func roundedToOdd(_ value: Double) -> Float {
        var narrowed = Float(value)
        guard narrowed.isFinite, Double(narrowed) != value else { return narrowed }
        if Double(narrowed).magnitude > value.magnitude {
            narrowed = narrowed > 0 ? narrowed.nextDown : narrowed.nextUp
        }
        return Float(bitPattern: narrowed.bitPattern | 1)
    }
}
