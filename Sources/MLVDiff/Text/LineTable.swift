/// The lines of two texts, split as git splits them and numbered by content, so the diff
/// compares small integers instead of bytes.
///
/// A line is the bytes up to and including a `\n`; the last line of a text that does not end in
/// `\n` is a line without one, and it differs from the same bytes followed by `\n` (git's
/// "\ No newline at end of file" case). An empty text has no lines.
struct LineTable {
    /// The old text's lines, each with its `\n` if it has one.
    let oldLines: [ArraySlice<UInt8>]
    /// The new text's lines.
    let newLines: [ArraySlice<UInt8>]
    /// A class per old line: equal lines, in either text, have equal classes.
    let oldClasses: [Int]
    /// A class per new line.
    let newClasses: [Int]
    /// The number of distinct lines in both texts; classes are `0..<classCount`.
    let classCount: Int

    /// Splits and classifies both texts.
    /// - Complexity: O(n) expected, for n bytes in both texts (each line is hashed once).
    init(old: [UInt8], new: [UInt8]) {
        self.init(oldLines: LineTable.lines(of: old), newLines: LineTable.lines(of: new))
    }

    /// Classifies lines already split (each with its `\n`, as ``lines(of:)`` returns them).
    init(oldLines: [ArraySlice<UInt8>], newLines: [ArraySlice<UInt8>]) {
        var interner = LineInterner(capacity: oldLines.count + newLines.count)
        self.oldLines = oldLines
        self.newLines = newLines
        self.oldClasses = oldLines.map { interner.classify($0) }
        self.newClasses = newLines.map { interner.classify($0) }
        self.classCount = interner.count
    }

    /// `bytes` cut after each `\n`; the last line lacks its `\n` when the text does not end in one.
    /// - Complexity: O(n) in the byte count.
    static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        lines(of: bytes[...])
    }

    /// The lines of a slice; see the array form. The lines keep the slice's indices.
    static func lines(of bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = start
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\n") {
                lines.append(bytes[start...index])
                start = index + 1
            }
            index += 1
        }
        if start < bytes.endIndex { lines.append(bytes[start...]) }
        return lines
    }
}

/// Numbers distinct lines in order of first appearance, with an open-addressing hash table of
/// FNV-1a fingerprints (no per-lookup seeded hashing; nothing is ever iterated, so the order
/// of the table cannot reach the output).
private struct LineInterner {
    /// Per slot: the class stored there, or −1.
    private var slots: [Int]
    private var mask: Int
    /// Per class: its first line and that line's fingerprint.
    private var representatives: [ArraySlice<UInt8>] = []
    private var fingerprints: [UInt64] = []

    /// The number of classes so far.
    var count: Int { representatives.count }

    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = [Int](repeating: -1, count: size)
        mask = size - 1
        representatives.reserveCapacity(capacity)
        fingerprints.reserveCapacity(capacity)
    }

    /// The class of `line`, a new one if no equal line was seen.
    /// - Complexity: O(length) expected.
    mutating func classify(_ line: ArraySlice<UInt8>) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in line { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var slot = Int(truncatingIfNeeded: hash ^ hash >> 29) & mask
        while true {
            let known = slots[slot]
            if known < 0 {
                slots[slot] = representatives.count
                representatives.append(line)
                fingerprints.append(hash)
                return representatives.count - 1
            }
            if fingerprints[known] == hash, representatives[known] == line { return known }
            slot = (slot + 1) & mask
        }
    }
}
