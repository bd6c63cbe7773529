import MLVDiff

/// What one pass over a column keeps for drift tests, in memory bounded whatever the row count:
/// exact counts, missing values, mean/variance (Welford), min and max; up to ``Limits/sample``
/// numeric values (a deterministic reservoir sample past that); category counts up to
/// ``Limits/categories`` distinct values (the column is then marked as having too many).
struct ColumnProfile: Sendable {
    /// The memory bounds of a profile (docs/CLI.md, "mlv drift": bounded memory).
    struct Limits: Sendable, Equatable {
        /// Numeric values kept per column for KS and PSI; past it, a reservoir sample.
        var sample = 200_000
        /// Distinct categories counted per column.
        var categories = 10_000
    }

    let name: String
    let limits: Limits
    /// The column's type so far: the join of its values' kinds.
    private(set) var type: ColumnType = .empty
    /// Rows seen (a row too short to have this column counts as missing).
    private(set) var rows = 0
    /// Empty values, and `nan` in a numeric column.
    private(set) var missing = 0
    private(set) var numericCount = 0
    private(set) var mean = 0.0
    private var m2 = 0.0
    private(set) var minimum = Double.infinity
    private(set) var maximum = -Double.infinity
    /// Numeric values kept (all of them while there are at most `limits.sample`).
    private(set) var sample: [Double] = []
    private var random: UInt64
    /// Category counts with hashed keys; nil once there are more than `limits.categories`.
    private(set) var counts: [CategoryKey: Int]? = [:]

    /// Category counts by value bytes; nil once there are more than `limits.categories`.
    var categories: [ArraySlice<UInt8>: Int]? {
        counts.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.bytes, $0.value) }) }
    }

    init(name: String, index: Int, limits: Limits) {
        self.name = name
        self.limits = limits
        self.random = 0x9E37_79B9_7F4A_7C15 &* UInt64(index + 1)
    }

    var isNumeric: Bool { type == .integer || type == .float }
    var variance: Double { numericCount > 1 ? m2 / Double(numericCount - 1) : 0 }
    /// Whether the kept numeric values are a sample rather than all of them.
    var isSampled: Bool { numericCount > sample.count }

    /// Counts a row that lacks this column.
    mutating func addMissing() {
        rows += 1
        missing += 1
    }

    /// Adds one value (its bytes with quotes removed and doubled quotes collapsed).
    /// - Complexity: O(k) in the value's length, amortized.
    mutating func add(_ value: ArraySlice<UInt8>) {
        rows += 1
        guard !value.isEmpty else {
            missing += 1
            return
        }
        let kind = ColumnType.classify(value)
        let wasNumeric = isNumeric || type == .empty
        type = type.joined(kind)
        if isNumeric {
            if let number = NumberParser.parse(value), !number.isNaN {
                addNumber(number)
            } else {
                missing += 1
                return
            }
        } else if wasNumeric && !sample.isEmpty {
            sample = []
        }
        guard counts != nil else { return }
        let key = CategoryKey(value)
        if let index = counts?.index(forKey: key) {
            counts?.values[index] += 1
        } else if (counts?.count ?? 0) < limits.categories {
            counts?[CategoryKey(ArraySlice(Array(value)))] = 1
        } else {
            counts = nil
        }
    }

    private mutating func addNumber(_ number: Double) {
        numericCount += 1
        let delta = number - mean
        mean += delta / Double(numericCount)
        m2 += delta * (number - mean)
        minimum = min(minimum, number)
        maximum = max(maximum, number)
        if sample.count < limits.sample {
            sample.append(number)
            return
        }
        // Reservoir sampling (Algorithm R) with a SplitMix64 seeded by the column's position.
        random &+= 0x9E37_79B9_7F4A_7C15
        var z = random
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        // A slot in 0..<numericCount by multiply-high (Lemire), cheaper than a division.
        let slot = Int(z.multipliedFullWidth(by: UInt64(numericCount)).high)
        if slot < limits.sample { sample[slot] = number }
    }
}

/// A category's bytes with their FNV-1a hash computed once, so a dictionary lookup feeds the
/// hasher one word instead of every byte.
struct CategoryKey: Hashable, Sendable {
    let bytes: ArraySlice<UInt8>
    let fnv: UInt64

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        fnv = hash
    }

    static func == (lhs: CategoryKey, rhs: CategoryKey) -> Bool { lhs.fnv == rhs.fnv && lhs.bytes == rhs.bytes }

    func hash(into hasher: inout Hasher) { hasher.combine(fnv) }
}

/// Decimal numbers from bytes without building a string: Clinger's fast path (at most 19
/// significant digits and a power of ten up to 22, exact in one rounding), the standard
/// library's parser otherwise.
enum NumberParser {
    private static let powers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    static func parse(_ bytes: ArraySlice<UInt8>) -> Double? {
        var index = bytes.startIndex
        let end = bytes.endIndex
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while index < end, bytes[index] &- UInt8(ascii: "0") < 10 {
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa * 10 + UInt64(bytes[index] &- UInt8(ascii: "0"))
                if mantissa != 0 { digits += 1 }
            } else {
                return slow(bytes)
            }
            index += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, bytes[index] &- UInt8(ascii: "0") < 10 {
                sawDigit = true
                guard digits < 19 else { return slow(bytes) }
                mantissa = mantissa * 10 + UInt64(bytes[index] &- UInt8(ascii: "0"))
                if mantissa != 0 { digits += 1 }
                exponent -= 1
                index += 1
            }
        }
        guard sawDigit else { return slow(bytes) }
        if index < end {
            guard bytes[index] | 0x20 == UInt8(ascii: "e") else { return slow(bytes) }
            index += 1
            var negativeExponent = false
            if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                negativeExponent = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var value = 0
            var sawExponentDigit = false
            while index < end, bytes[index] &- UInt8(ascii: "0") < 10, value < 10_000 {
                value = value * 10 + Int(bytes[index] &- UInt8(ascii: "0"))
                sawExponentDigit = true
                index += 1
            }
            guard sawExponentDigit, index == end else { return slow(bytes) }
            exponent += negativeExponent ? -value : value
        }
        guard mantissa < (1 << 53), abs(exponent) <= 22 else { return slow(bytes) }
        var result = Double(mantissa)
        result = exponent < 0 ? result / powers[-exponent] : result * powers[exponent]
        return negative ? -result : result
    }

    private static func slow(_ bytes: ArraySlice<UInt8>) -> Double? {
        Double(String(decoding: bytes, as: UTF8.self))
    }
}
