import MLVFormats

/// A JSON value with one byte encoding: the form in which parameters are hashed into a
/// ``StageFingerprint`` and run records are written (docs/PLUGINS.md, "Run identity").
///
/// Canonical bytes: no whitespace; object keys sorted by their UTF-8 bytes; strings as UTF-8
/// with only `"`, `\` and U+0000–U+001F escaped (`\"`, `\\`, `\b \f \n \r \t`, else `\u00xx`
/// in lowercase hex); numbers per ``format(_:)``.
enum CanonicalJSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// The canonical bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    /// A number's text: an integral value of magnitude at most 2⁵³ as a decimal integer
    /// (`3`, `-12`, and `0` for −0); any other finite value as Swift's shortest representation
    /// that reads back to the same `Double` (`0.001`, `1e-05`, `1.5e+20`). Both are valid JSON.
    static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) <= 9_007_199_254_740_992 {
            return String(Int64(number))
        }
        return number.description
    }

    private func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .number(let value): out += Array(Self.format(value).utf8)
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                members[key]?.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += Array("\\u00".utf8)
                out += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension CanonicalJSON: Codable {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([CanonicalJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: CanonicalJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension CanonicalJSON {
    /// The value a parsed JSON text holds.
    /// - Throws: `invalidHeader` for a number that is not a finite double or a key given twice.
    init(_ value: JSONValue) throws(FormatsError) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .string(let text): self = .string(text)
        case .number(let text):
            guard let number = Double(text), number.isFinite else {
                throw FormatsError(.invalidHeader, "number \(text) is out of range")
            }
            self = .number(number)
        case .array(let items):
            var values: [CanonicalJSON] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try CanonicalJSON(item)) }
            self = .array(values)
        case .object(let members):
            var object: [String: CanonicalJSON] = [:]
            object.reserveCapacity(members.count)
            for member in members {
                guard object.updateValue(try CanonicalJSON(member.value), forKey: member.key) == nil else {
                    throw FormatsError(.invalidHeader, "key \"\(member.key)\" appears twice")
                }
            }
            self = .object(object)
        }
    }

    /// A parameter as JSON: numbers, bools and strings as themselves, lists as arrays, tables
    /// as objects.
    init(_ parameter: ParameterValue) {
        switch parameter {
        case .string(let value): self = .string(value)
        case .number(let value): self = .number(value)
        case .bool(let value): self = .bool(value)
        case .list(let items): self = .array(items.map(CanonicalJSON.init))
        case .table(let table): self = .object(table.mapValues(CanonicalJSON.init))
        }
    }

    /// Parameters as one JSON object.
    init(parameters: [String: ParameterValue]) {
        self = .object(parameters.mapValues(CanonicalJSON.init))
    }

    /// The parameter this JSON encodes, or nil for `null` anywhere inside it.
    var parameterValue: ParameterValue? {
        switch self {
        case .null: return nil
        case .bool(let value): return .bool(value)
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .array(let items):
            var values: [ParameterValue] = []
            for item in items {
                guard let value = item.parameterValue else { return nil }
                values.append(value)
            }
            return .list(values)
        case .object(let members):
            var table: [String: ParameterValue] = [:]
            for (key, member) in members {
                guard let value = member.parameterValue else { return nil }
                table[key] = value
            }
            return .table(table)
        }
    }
}

extension ParameterValue {
    /// The value as canonical JSON text (`0.25`, `[16,8]`, `"relu"`), as run records hold it.
    public var jsonText: String { String(decoding: CanonicalJSON(self).bytes, as: UTF8.self) }
}
