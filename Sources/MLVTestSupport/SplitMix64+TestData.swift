import MLVStorage

/// Seeded test data from MLVStorage's SplitMix64 (the generator that also defines the gear
/// table), so test inputs are the same on every run and machine.
extension SplitMix64 {
    /// `count` pseudo-random (incompressible) bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count {
            let word = next()
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        out.removeLast(out.count - count)
        return out
    }

    /// A CSV table with a header row `id,c1,…` and `rows` rows of integers and decimals.
    public mutating func csv(rows: Int, columns: Int = 4) -> String {
        var text = "id," + (1...columns).map { "c\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<rows {
            var fields = [String(row)]
            for column in 0..<columns {
                let value = next()
                fields.append(
                    column % 2 == 0
                        ? String(value % 100_000) : "\(value % 1000).\(String((value >> 40) % 1000).paddedLeft(to: 3))")
            }
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// A uniform integer in `range`, without the platform's `random(in:using:)` algorithm, so
    /// the sequence is fixed by this file alone.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % width)
    }
}

extension String {
    fileprivate func paddedLeft(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
