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
        // The dictionary only numbers lines; it is never iterated, so its order cannot leak out.
        var classes: [ArraySlice<UInt8>: Int] = [:]
        classes.reserveCapacity(oldLines.count + newLines.count)
        func classify(_ lines: [ArraySlice<UInt8>]) -> [Int] {
            lines.map { line in
                if let known = classes[line] { return known }
                let next = classes.count
                classes[line] = next
                return next
            }
        }
        self.oldLines = oldLines
        self.newLines = newLines
        self.oldClasses = classify(oldLines)
        self.newClasses = classify(newLines)
        self.classCount = classes.count
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
