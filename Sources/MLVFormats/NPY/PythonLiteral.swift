/// A Python literal as NPY headers use them: the subset of `ast.literal_eval` that numpy writes
/// (dicts, tuples, lists, strings, integers, `True`, `False`, `None`).
enum PythonLiteral: Equatable {
    /// One `key: value` entry of a dict, in source order.
    struct Entry: Equatable {
        var key: PythonLiteral
        var value: PythonLiteral
    }

    case dict([Entry])
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case string(String)
    case integer(Int)
    case bool(Bool)
    case none

    /// What the value is, for messages.
    var kind: String {
        switch self {
        case .dict: "a dict"
        case .tuple: "a tuple"
        case .list: "a list"
        case .string: "a string"
        case .integer: "an integer"
        case .bool: "a bool"
        case .none: "None"
        }
    }
}

/// A recursive-descent parser for ``PythonLiteral``. Errors are `invalidHeader` and name the
/// character offset in the header.
struct PythonLiteralParser {
    /// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
    static let maxDepth = 32

    private let scalars: [Unicode.Scalar]
    private var index = 0
    /// Accept the `L` suffix Python 2 put on integers (`(3L, 4L)`), as numpy does for 1.0 and 2.0.
    private let allowsLongSuffix: Bool

    /// Parses all of `text` as one literal; whitespace may surround it.
    static func parse(_ text: String, allowsLongSuffix: Bool) throws(FormatsError) -> PythonLiteral {
        var parser = PythonLiteralParser(scalars: Array(text.unicodeScalars), allowsLongSuffix: allowsLongSuffix)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.scalars.count else { throw parser.error("unexpected text after the dict") }
        return value
    }

    private init(scalars: [Unicode.Scalar], allowsLongSuffix: Bool) {
        self.scalars = scalars
        self.allowsLongSuffix = allowsLongSuffix
    }

    private mutating func value(depth: Int) throws(FormatsError) -> PythonLiteral {
        guard depth <= PythonLiteralParser.maxDepth else {
            throw error("nested deeper than \(PythonLiteralParser.maxDepth) levels")
        }
        skipWhitespace()
        guard let scalar = peek() else { throw error("unexpected end of header") }
        switch scalar {
        case "{":
            let pairs = try sequence(closing: "}", depth: depth, pairs: true).elements
            return .dict(stride(from: 0, to: pairs.count, by: 2).map { .init(key: pairs[$0], value: pairs[$0 + 1]) })
        case "[":
            return .list(try sequence(closing: "]", depth: depth, pairs: false).elements)
        case "(":
            let (elements, hasComma) = try sequence(closing: ")", depth: depth, pairs: false)
            // `(x)` without a comma is x in parentheses, not a one-element tuple.
            return elements.count == 1 && !hasComma ? elements[0] : .tuple(elements)
        case "'", "\"":
            return .string(try string())
        case "-", "0"..."9":
            return .integer(try integer())
        default:
            let word = identifier()
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default: throw error("unexpected '\(word.isEmpty ? String(Character(scalar)) : word)'")
            }
        }
    }

    /// Comma-separated values (or `key: value` pairs, flattened) up to `closing`; a trailing comma
    /// is allowed. `hasComma` tells `(x)` from `(x,)`.
    private mutating func sequence(closing: Unicode.Scalar, depth: Int, pairs: Bool) throws(FormatsError)
        -> (elements: [PythonLiteral], hasComma: Bool)
    {
        index += 1
        var elements: [PythonLiteral] = []
        var hasComma = false
        while true {
            skipWhitespace()
            if peek() == closing {
                index += 1
                return (elements, hasComma)
            }
            elements.append(try value(depth: depth + 1))
            if pairs {
                skipWhitespace()
                guard peek() == ":" else { throw error("expected ':'") }
                index += 1
                elements.append(try value(depth: depth + 1))
            }
            skipWhitespace()
            if peek() == "," {
                index += 1
                hasComma = true
            } else if peek() != closing {
                throw error("expected ',' or '\(closing)'")
            }
        }
    }

    private mutating func string() throws(FormatsError) -> String {
        let start = index
        // swift-format-ignore: NeverForceUnwrap
        // value(depth:) calls this only after peeking a quote.
        let quote = peek()!
        index += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw error("unterminated string", at: start) }
            index += 1
            if scalar == quote { return String(text) }
            if scalar == "\n" { throw error("unterminated string", at: start) }
            if scalar == "\\" {
                guard let escaped = peek() else { throw error("unterminated string", at: start) }
                index += 1
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "\\", "'", "\"": text.append(escaped)
                default: throw error("unsupported escape '\\\(escaped)'", at: index - 2)
                }
            } else {
                text.append(scalar)
            }
        }
    }

    private mutating func integer() throws(FormatsError) -> Int {
        let start = index
        if peek() == "-" { index += 1 }
        while let scalar = peek(), ("0"..."9").contains(scalar) { index += 1 }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        if allowsLongSuffix, peek() == "L" || peek() == "l" { index += 1 }
        guard let value = Int(text) else { throw error("'\(text)' is not an integer that fits 64 bits", at: start) }
        return value
    }

    private mutating func identifier() -> String {
        let start = index
        while let scalar = peek(), scalar.properties.isAlphabetic || scalar == "_" { index += 1 }
        return String(String.UnicodeScalarView(scalars[start..<index]))
    }

    private mutating func skipWhitespace() {
        while let scalar = peek(), " \t\n\r\u{0B}\u{0C}".unicodeScalars.contains(scalar) { index += 1 }
    }

    private func peek() -> Unicode.Scalar? {
        index < scalars.count ? scalars[index] : nil
    }

    private func error(_ detail: String, at position: Int? = nil) -> FormatsError {
        FormatsError(
            .invalidHeader, "npy header is not a Python dict literal: \(detail) at character \(position ?? index)")
    }
}
