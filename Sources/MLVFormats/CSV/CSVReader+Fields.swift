/// Field values of the current record: raw slices for comparing and hashing, copies for keeping.
extension CSVReader {
    /// The number of fields in the current record.
    public var fieldCount: Int { fields.count }

    /// The bytes of field `index` as they are in the file, quotes removed but doubled quotes
    /// not collapsed (see ``needsUnescaping(_:)``). No copy.
    /// - Precondition: `index < fieldCount`.
    public func rawField(_ index: Int) -> ArraySlice<UInt8> {
        bytes[fields[index]]
    }

    /// The value of field `index`: its bytes with doubled quotes collapsed.
    /// - Complexity: O(k) in the field's length; copies.
    public func field(_ index: Int) -> [UInt8] {
        let raw = rawField(index)
        return needsUnescaping(index) ? Self.unescape(raw, quote: dialect.quote) : Array(raw)
    }

    /// The value of field `index` decoded as UTF-8 (invalid sequences become U+FFFD).
    public func string(_ index: Int) -> String {
        needsUnescaping(index)
            ? String(decoding: field(index), as: UTF8.self) : String(decoding: rawField(index), as: UTF8.self)
    }

    /// All values of the current record as strings, in order.
    public func strings() -> [String] {
        (0..<fieldCount).map { string($0) }
    }

    /// `raw` with every doubled `quote` collapsed to one.
    /// - Complexity: O(k).
    public static func unescape(_ raw: ArraySlice<UInt8>, quote: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var skipNext = false
        for byte in raw {
            if skipNext {
                skipNext = false
                continue
            }
            out.append(byte)
            if byte == quote { skipNext = true }
        }
        return out
    }
}
