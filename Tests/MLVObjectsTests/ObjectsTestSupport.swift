import Foundation
import MLVObjects
import MLVStorage

/// An id made of one repeated byte, for readable fixtures.
func repeatedID(_ byte: UInt8) -> ObjectID {
    // swift-format-ignore: NeverForceUnwrap
    // 32 bytes always make an id.
    ObjectID(bytes: [UInt8](repeating: byte, count: 32))!
}

func bytes(hex: some StringProtocol) -> [UInt8]? {
    let digits = Array(hex.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var out = [UInt8]()
    out.reserveCapacity(digits.count / 2)
    for index in stride(from: 0, to: digits.count, by: 2) {
        guard let byte = UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16) else {
            return nil
        }
        out.append(byte)
    }
    return out
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// A known-answer vector from `Vectors/<name>.txt`: `body <hex>` and `id <hex>` lines.
struct Vector {
    var body: [UInt8]
    var id: ObjectID

    init(named name: String, filePath: String = #filePath) throws {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Vectors/\(name).txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        var body: [UInt8]?
        var id: ObjectID?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if parts[0] == "body" { body = bytes(hex: parts[1]) }
            if parts[0] == "id" { id = ObjectID(hex: parts[1]) }
        }
        guard let body, let id else { throw VectorError(name: name) }
        self.body = body
        self.id = id
    }
}

struct VectorError: Error, CustomStringConvertible {
    var name: String
    var description: String { "vector '\(name)' lacks a body or id line" }
}

/// Big-endian helpers to build hand-made (possibly invalid) encodings.
extension Array where Element == UInt8 {
    mutating func put(_ value: UInt64, width: Int) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}

/// A tree body with entries in the given order, bypassing `Tree`'s validation.
func rawTreeBody(_ entries: [(name: String, mode: UInt8, id: ObjectID, size: UInt64)]) -> [UInt8] {
    var out = [UInt8]()
    out.put(UInt64(entries.count), width: 4)
    for entry in entries {
        out.append(entry.mode)
        let name = Array(entry.name.utf8)
        out.put(UInt64(name.count), width: 2)
        out += name
        out += entry.id.bytes
        out.put(entry.size, width: 8)
    }
    return out
}
