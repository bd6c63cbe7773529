import Foundation
import MLVStorage

/// Picks a codec hint from a file's name and first bytes: float tensors get byte-shuffling.
enum ContentSniffer {
    /// Whether the name is one whose header can give a hint (so other files are not opened twice).
    static func mayHaveHint(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".safetensors") || lower.hasSuffix(".npy")
    }

    /// Reads the safetensors header (8-byte little-endian length, then JSON) or the NPY header
    /// and returns the element width of the dominant float dtype; `.generic` otherwise.
    static func hint(for path: String, head: [UInt8]) -> ContentHint {
        let lower = path.lowercased()
        if lower.hasSuffix(".safetensors"), head.count >= 9 {
            let length = head[0..<8].enumerated().reduce(UInt64(0)) {
                $0 | (UInt64($1.element) << (8 * UInt64($1.offset)))
            }
            let json = String(decoding: head[8..<min(head.count, 8 + Int(min(length, 65536)))], as: UTF8.self)
            return dominantWidth(json, tokens: [("\"F32\"", 4), ("\"F16\"", 2), ("\"BF16\"", 2), ("\"F64\"", 8)])
        }
        if lower.hasSuffix(".npy"), head.count > 10, head[0] == 0x93 {
            let text = String(decoding: head.prefix(256), as: UTF8.self)
            return dominantWidth(text, tokens: [("<f4", 4), ("<f2", 2), ("<f8", 8)])
        }
        return .generic
    }

    private static func dominantWidth(_ text: String, tokens: [(String, Int)]) -> ContentHint {
        var best: (count: Int, width: Int) = (0, 0)
        for (token, width) in tokens {
            let count = text.components(separatedBy: token).count - 1
            if count > best.count { best = (count, width) }
        }
        return best.count > 0 ? .elements(width: best.width) : .generic
    }
}
