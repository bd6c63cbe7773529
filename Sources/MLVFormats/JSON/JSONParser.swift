/// A JSON value (RFC 8259) as strict readers want it: objects keep their members in order and
/// keep duplicates, so the reader can reject a name given twice; numbers keep their text, so the
/// reader decides what an offset, a dimension or a metric may be. Used for safetensors headers
/// and run records.
public enum JSONValue: Equatable, Sendable {
    /// One `"key": value` member of an object.
    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: JSONValue
    }

    case object([Member])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// What the value is, for messages ("a string", "an array").
    public var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// A recursive-descent JSON parser over bytes, with no Foundation. Errors are `invalidHeader` and
/// name the byte offset within the text.
public struct JSONParser {
    /// Arrays and objects nested deeper than this are refused, so hostile input cannot exhaust the
    /// stack; a safetensors header needs 3 levels.
    static let maxDepth = 64

    private let bytes: ArraySlice<UInt8>
    private var index: Int
    private let context: String

    /// Parses `bytes` as one JSON value; whitespace may follow it (safetensors pads with spaces).
    /// `context` starts each message ("safetensors header").
    public static func parse(_ bytes: ArraySlice<UInt8>, context: String) throws(FormatsError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, index: bytes.startIndex, context: context)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.endIndex else { throw parser.error("unexpected bytes after the JSON value") }
        return value
    }

    private mutating func value(depth: Int) throws(FormatsError) -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw error("unexpected end of JSON") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character '\(printable(byte))'")
        }
    }

    private mutating func object(depth: Int) throws(FormatsError) -> JSONValue {
        guard depth <= JSONParser.maxDepth else { throw error("nested deeper than \(JSONParser.maxDepth) levels") }
        index += 1
        var members: [JSONValue.Member] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipWhitespace()
            try expect(":")
            members.append(JSONValue.Member(key: key, value: try value(depth: depth)))
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            try expect(",")
        }
    }

    private mutating func array(depth: Int) throws(FormatsError) -> JSONValue {
        guard depth <= JSONParser.maxDepth else { throw error("nested deeper than \(JSONParser.maxDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth))
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            try expect(",")
        }
    }

    /// A string starting at the opening quote; escapes decoded, the result checked as UTF-8.
    private mutating func string() throws(FormatsError) -> String {
        let start = index
        index += 1
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("unterminated string", at: start) }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw error("string is not valid UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &utf8)
            case 0..<0x20:
                throw error("control character 0x\(String(byte, radix: 16)) in a string", at: index - 1)
            default:
                utf8.append(byte)
            }
        }
    }

    /// Decodes the escape after a backslash, appending its UTF-8.
    private mutating func escape(into utf8: inout [UInt8]) throws(FormatsError) {
        guard let byte = peek() else { throw error("unexpected end of JSON in an escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else {
                    throw error("unpaired surrogate in a \\u escape")
                }
                index += 2
                let low = UInt32(try hex4())
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a \\u escape") }
                scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("unpaired surrogate in a \\u escape") }
            utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw error("invalid escape '\\\(printable(byte))'", at: index - 2)
        }
    }

    private mutating func hex4() throws(FormatsError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = hexDigit(byte) else { throw error("expected 4 hex digits after \\u") }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// The text of a number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func number() throws(FormatsError) -> String {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            guard try digits() > 0 else { throw error("expected a digit") }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard try digits() > 0 else { throw error("expected a digit after '.'") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard try digits() > 0 else { throw error("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func digits() throws(FormatsError) -> Int {
        let start = index
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: String) throws(FormatsError) {
        for expected in word.utf8 {
            guard peek() == expected else { throw error("invalid literal, expected '\(word)'") }
            index += 1
        }
    }

    private mutating func expect(_ character: Unicode.Scalar) throws(FormatsError) {
        guard peek() == UInt8(ascii: character) else { throw error("expected '\(character)'") }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < bytes.endIndex ? bytes[index + ahead] : nil
    }

    private func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private func printable(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16)
    }

    /// An `invalidHeader` error naming the byte offset (from the start of the JSON).
    private func error(_ detail: String, at position: Int? = nil) -> FormatsError {
        let offset = (position ?? index) - bytes.startIndex
        return FormatsError(.invalidHeader, "\(context) is not valid JSON: \(detail) at byte \(offset)")
    }
}
