/// The kind of values a table column holds, inferred from every value in it.
///
/// Each value is classified on its own (``classify(_:)``); a column's type is the ``joined(_:)``
/// of its values' kinds: empty values say nothing, integers and floats make a float column, and
/// any other mix makes a string column.
public enum ColumnType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every value is empty (or there are no rows).
    case empty
    /// `true` or `false`, in any letter case.
    case boolean
    /// An optional sign and decimal digits.
    case integer
    /// A decimal number with a fraction or exponent, or `nan`/`inf` (any case, `inf` signed).
    case float
    /// An ISO 8601 date `YYYY-MM-DD`, optionally with a time `THH:MM[:SS[.fff]]` (`T` or a
    /// space) and a zone `Z` or `±HH[:]MM`.
    case date
    /// Anything else.
    case string

    /// The type of a column holding values of types `self` and `other`.
    public func joined(_ other: ColumnType) -> ColumnType {
        if self == other || other == .empty { return self }
        switch (self, other) {
        case (.empty, _): return other
        case (.integer, .float), (.float, .integer): return .float
        default: return .string
        }
    }

    /// The kind of one value, from its bytes (quotes already removed).
    /// - Complexity: O(k) in the value's length; allocation-free.
    public static func classify(_ value: ArraySlice<UInt8>) -> ColumnType {
        classify(value.span)
    }

    /// The kind of one value, from its bytes (quotes already removed).
    /// - Complexity: O(k) in the value's length; allocation-free.
    static func classify(_ value: Span<UInt8>) -> ColumnType {
        guard !value.isEmpty else { return .empty }
        let first = value[0]
        if isDigit(first) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") {
            if let number = number(value) { return number }
            return isDate(value) ? .date : .string
        }
        switch value.count {
        case 3: return lowercasedEquals(value, "nan") || lowercasedEquals(value, "inf") ? .float : .string
        case 4: return lowercasedEquals(value, "true") ? .boolean : .string
        case 5: return lowercasedEquals(value, "false") ? .boolean : .string
        case 8: return lowercasedEquals(value, "infinity") ? .float : .string
        default: return .string
        }
    }

    /// `.integer` or `.float` when `value` is a decimal number (`-12`, `3.5`, `.5`, `1e-3`,
    /// `-inf`), else nil.
    private static func number(_ value: Span<UInt8>) -> ColumnType? {
        var index = 0
        let end = value.count
        if value[0] == UInt8(ascii: "-") || value[0] == UInt8(ascii: "+") {
            index = 1
            let rest = value.extracting(1..<end)
            if lowercasedEquals(rest, "inf") || lowercasedEquals(rest, "infinity") { return .float }
        }
        let integerStart = index
        while index < end, isDigit(value[index]) { index += 1 }
        var digits = index - integerStart
        var isFloat = false
        if index < end, value[index] == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            let fractionStart = index
            while index < end, isDigit(value[index]) { index += 1 }
            digits += index - fractionStart
        }
        guard digits > 0 else { return nil }
        if index < end, value[index] | 0x20 == UInt8(ascii: "e") {
            isFloat = true
            index += 1
            if index < end, value[index] == UInt8(ascii: "-") || value[index] == UInt8(ascii: "+") { index += 1 }
            let exponentStart = index
            while index < end, isDigit(value[index]) { index += 1 }
            guard index > exponentStart else { return nil }
        }
        guard index == end else { return nil }
        return isFloat ? .float : .integer
    }

    /// Whether `value` is `YYYY-MM-DD` optionally followed by a time and zone (see ``date``).
    private static func isDate(_ value: Span<UInt8>) -> Bool {
        let count = value.count
        guard matches(value, 0, "dddd-dd-dd") else { return false }
        if count == 10 { return true }
        guard value[10] == UInt8(ascii: "T") || value[10] == UInt8(ascii: " "), matches(value, 11, "dd:dd") else {
            return false
        }
        var index = 16
        if matches(value, index, ":dd") {
            index += 3
            if index < count, value[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                while index < count, isDigit(value[index]) { index += 1 }
                guard index > fractionStart else { return false }
            }
        }
        if index == count { return true }
        if value[index] == UInt8(ascii: "Z") { return index + 1 == count }
        guard value[index] == UInt8(ascii: "+") || value[index] == UInt8(ascii: "-") else { return false }
        let zone = count - index - 1
        return (zone == 5 && matches(value, index + 1, "dd:dd")) || (zone == 4 && matches(value, index + 1, "dddd"))
            || (zone == 2 && matches(value, index + 1, "dd"))
    }

    /// Whether `value[offset...]` starts with `pattern`, where `d` stands for a decimal digit.
    private static func matches(_ value: Span<UInt8>, _ offset: Int, _ pattern: StaticString) -> Bool {
        guard offset + pattern.utf8CodeUnitCount <= value.count else { return false }
        var index = offset
        for expected in pattern.description.utf8 {
            let byte = value[index]
            if expected == UInt8(ascii: "d") ? !isDigit(byte) : byte != expected { return false }
            index += 1
        }
        return true
    }

    /// Whether `value` is `word` (lowercase ASCII letters) in any letter case.
    private static func lowercasedEquals(_ value: Span<UInt8>, _ word: StaticString) -> Bool {
        guard value.count == word.utf8CodeUnitCount else { return false }
        var index = 0
        for letter in word.description.utf8 {
            if value[index] | 0x20 != letter { return false }
            index += 1
        }
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
