extension ObjectID: CustomStringConvertible, LosslessStringConvertible {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Parses 64 hex digits (either case); returns nil for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (position, char) in utf8.enumerated() {
            guard let nibble = ObjectID.nibble(char) else { return nil }
            words[position / 16] = (words[position / 16] << 4) | UInt64(nibble)
        }
        self.init(w0: words[0], w1: words[1], w2: words[2], w3: words[3])
    }

    public init?(_ description: String) {
        self.init(hex: description)
    }

    /// The full id as 64 lowercase hex digits.
    public var description: String {
        var chars = [UInt8]()
        chars.reserveCapacity(64)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 60, through: 0, by: -4) {
                chars.append(ObjectID.hexDigits[Int((word >> UInt64(shift)) & 0xF)])
            }
        }
        return String(decoding: chars, as: UTF8.self)
    }

    /// The first 12 hex digits, for people.
    public var abbreviated: String { String(description.prefix(12)) }

    static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// A user-typed abbreviation of an id: 4 to 64 hex digits.
public struct ObjectIDPrefix: Hashable, Sendable, CustomStringConvertible {
    /// The lowercase hex digits the user typed.
    public let hex: String
    /// The smallest id that starts with the prefix.
    public let lowerBound: ObjectID

    /// Parses a prefix of at least 4 and at most 64 hex digits; returns nil otherwise.
    public init?(_ text: some StringProtocol) {
        let lower = text.lowercased()
        guard (4...64).contains(lower.count), lower.utf8.allSatisfy({ ObjectID.nibble($0) != nil }) else {
            return nil
        }
        hex = lower
        guard let low = ObjectID(hex: lower + String(repeating: "0", count: 64 - lower.count)) else { return nil }
        lowerBound = low
    }

    /// Whether `id` starts with this prefix.
    public func matches(_ id: ObjectID) -> Bool { id.description.hasPrefix(hex) }

    public var description: String { hex }
}
