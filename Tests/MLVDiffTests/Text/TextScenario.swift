import MLVStorage
import MLVTestSupport

/// Seeded random texts for the git cross-checks: code-like lines with many repeats (blank lines,
/// braces, indented lines), so that changes can slide and the indent heuristic has work to do,
/// and random insertions, deletions and replacements.
struct TextScenario: CustomStringConvertible {
    var seed: UInt64
    var old: [UInt8]
    var new: [UInt8]
    var context: Int

    /// Lines that repeat; the rest are unique.
    static let common = [
        "", "}", "{", "    return x;", "\tcall();", "int main(void) {", "    if (ready) {", "    }", "// note",
        "x = 1", "  indented", "end",
    ]

    /// A scenario of up to `maxLines` lines and up to `maxEdits` edits.
    init(seed: UInt64, maxLines: Int = 80, maxEdits: Int = 10) {
        var random = SplitMix64(seed: seed)
        var serial = 0
        let old = TextScenario.lines(count: random.int(in: 0...maxLines), random: &random, serial: &serial)
        let new = TextScenario.edited(old, edits: random.int(in: 0...maxEdits), random: &random, serial: &serial)
        self.seed = seed
        self.old = TextScenario.text(old, finalNewline: random.int(in: 0...3) != 0)
        self.new = TextScenario.text(new, finalNewline: random.int(in: 0...3) != 0)
        self.context = [3, 3, 0, 1, 5][random.int(in: 0...4)]
    }

    var description: String { "seed \(seed), -U\(context)" }

    static func line(random: inout SplitMix64, serial: inout Int) -> String {
        serial += 1
        return random.int(in: 0...2) == 0
            ? common[random.int(in: 0...(common.count - 1))] : "line \(serial) \(random.int(in: 0...999))"
    }

    static func lines(count: Int, random: inout SplitMix64, serial: inout Int) -> [String] {
        (0..<count).map { _ in line(random: &random, serial: &serial) }
    }

    /// `lines` after `edits` random insertions (1–4 lines), deletions (1–4 lines) and replacements.
    static func edited(_ lines: [String], edits: Int, random: inout SplitMix64, serial: inout Int) -> [String] {
        var lines = lines
        for _ in 0..<edits {
            switch random.int(in: 0...2) {
            case 0:
                let at = random.int(in: 0...lines.count)
                lines.insert(
                    contentsOf: self.lines(count: random.int(in: 1...4), random: &random, serial: &serial), at: at)
            case 1 where !lines.isEmpty:
                let at = random.int(in: 0...(lines.count - 1))
                lines.removeSubrange(at..<min(lines.count, at + random.int(in: 1...4)))
            default:
                guard !lines.isEmpty else { continue }
                lines[random.int(in: 0...(lines.count - 1))] = line(random: &random, serial: &serial)
            }
        }
        return lines
    }

    /// The lines joined by `\n`, with a final `\n` when asked (and there are lines).
    static func text(_ lines: [String], finalNewline: Bool) -> [UInt8] {
        Array((lines.joined(separator: "\n") + (finalNewline && !lines.isEmpty ? "\n" : "")).utf8)
    }
}

/// Seeded random three-way merges: a base and two independent edits of it.
struct MergeScenario: CustomStringConvertible {
    var seed: UInt64
    var base: [UInt8]
    var ours: [UInt8]
    var theirs: [UInt8]

    init(seed: UInt64, maxLines: Int = 60, maxEdits: Int = 6) {
        var random = SplitMix64(seed: seed)
        var serial = 0
        let base = TextScenario.lines(count: random.int(in: 0...maxLines), random: &random, serial: &serial)
        let ours = TextScenario.edited(base, edits: random.int(in: 0...maxEdits), random: &random, serial: &serial)
        let theirs = TextScenario.edited(base, edits: random.int(in: 0...maxEdits), random: &random, serial: &serial)
        self.seed = seed
        self.base = TextScenario.text(base, finalNewline: random.int(in: 0...4) != 0)
        self.ours = TextScenario.text(ours, finalNewline: random.int(in: 0...4) != 0)
        self.theirs = TextScenario.text(theirs, finalNewline: random.int(in: 0...4) != 0)
    }

    var description: String { "merge seed \(seed)" }
}
