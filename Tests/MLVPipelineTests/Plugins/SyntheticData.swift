import MLVCompute

/// Seeded synthetic tables for the plugin tests, as CSV text.
enum SyntheticData {
    /// A value with three decimals, as the CSV holds it.
    static func format(_ value: Double) -> String { String(Double((value * 1000).rounded()) / 1000) }

    /// Three well-separated classes ("ant", "bee", "cat") in two numeric features around
    /// (0, 0), (6, 6) and (−6, 6), plus a categorical column `shade` with no signal.
    static func classes(rows: Int = 150, seed: UInt64 = 1) -> String {
        let centres: [(String, Double, Double)] = [("ant", 0, 0), ("bee", 6, 6), ("cat", -6, 6)]
        var rng = Philox(seed: seed)
        var lines = ["x1,x2,shade,label"]
        for row in 0..<rows {
            let (name, cx, cy) = centres[row % 3]
            let shade = rng.nextDouble() < 0.5 ? "dark" : "light"
            lines.append("\(format(cx + rng.nextNormal())),\(format(cy + rng.nextNormal())),\(shade),\(name)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `y = 3·x1 − 2·x2 + 1` exactly (up to the decimals written), over seeded `x1`, `x2`.
    static func linear(rows: Int = 60, seed: UInt64 = 2) -> String {
        var rng = Philox(seed: seed)
        var lines = ["x1,x2,y"]
        for _ in 0..<rows {
            let x1 = Double(format(rng.nextNormal() * 2)) ?? 0
            let x2 = Double(format(rng.nextNormal())) ?? 0
            lines.append("\(x1),\(x2),\(3 * x1 - 2 * x2 + 1)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The true centres of ``blobs(rows:seed:)``.
    static let blobCentres: [(Double, Double)] = [(0, 0), (10, 10), (-10, 10)]

    /// Three tight clusters around ``blobCentres`` with a label column `name`.
    static func blobs(rows: Int = 90, seed: UInt64 = 3) -> String {
        var rng = Philox(seed: seed)
        var lines = ["a,b,name"]
        for row in 0..<rows {
            let (cx, cy) = blobCentres[row % 3]
            lines.append("\(format(cx + rng.nextNormal() * 0.5)),\(format(cy + rng.nextNormal() * 0.5)),p\(row)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
