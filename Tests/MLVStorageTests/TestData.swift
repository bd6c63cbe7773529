import Foundation
import MLVStorage

/// Seeded test data and vector files shared by the MLVStorage tests.
enum TestData {
    /// `count` bytes made of SplitMix64(`seed`) outputs written little-endian (the stream the
    /// chunk-boundary vectors use).
    static func seededBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count + 8)
        while out.count < count {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        out.removeLast(out.count - count)
        return out
    }

    /// CSV-like text of about `count` bytes, deterministic.
    static func csvText(_ count: Int, seed: UInt64 = 7) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        let categories = ["alpha", "beta", "gamma", "delta", "epsilon"]
        var text = "id,category,score,count\n"
        var row = 0
        while text.utf8.count < count {
            let value = generator.next()
            let category = categories[Int(value % 5)]
            let score = Double(value >> 40 % 100_000) / 1000
            text += "\(row),\(category),\(score),\(value >> 50)\n"
            row += 1
        }
        return Array(text.utf8.prefix(count))
    }

    /// `count` float32 values, roughly normal(0, 0.02), as little-endian bytes.
    static func normalFloat32(_ count: Int, seed: UInt64 = 11) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count * 4)
        for _ in 0..<count {
            // Sum of four uniforms: close enough to a normal for byte statistics.
            var sum = 0.0
            for _ in 0..<4 { sum += Double(generator.next() >> 11) / Double(1 << 53) - 0.5 }
            let bits = Float(sum * 0.04).bitPattern
            for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
        }
        return out
    }

    /// The contents of `Vectors/<name>` beside this file.
    static func vector(_ name: String, filePath: String = #filePath) throws -> [UInt8] {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Vectors").appendingPathComponent(name)
        return [UInt8](try Data(contentsOf: url))
    }

    /// The non-comment lines of the text vector `Vectors/<name>`.
    static func vectorLines(_ name: String) throws -> [String] {
        let text = String(decoding: try vector(name), as: UTF8.self)
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }
}
