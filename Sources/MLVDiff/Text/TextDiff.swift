/// A line diff of two texts as `git diff` computes and cuts it: the same changes (git's Myers
/// diff with its heuristics, see ``LineDiff``), grouped into hunks with ``context`` lines around
/// them, and counts of inserted and deleted lines for `--stat`.
///
/// The texts are bytes: lines end at `\n` (a `\r` before it is part of the line), no encoding is
/// assumed, and a last line without `\n` differs from the same line with one. Decide first
/// whether the content is text at all with ``isBinary(_:)``.
///
/// JSON (``encode(to:)``; keys sorted by the caller's encoder):
/// ```
/// {"context": 3, "insertions": 2, "deletions": 1, "hunks": [<TextHunk>, …]}
/// ```
/// with hunks as ``TextHunk`` documents them.
public struct TextDiff: Sendable, Equatable, Encodable {
    /// Unchanged lines shown around each change; changes this many lines apart or closer (twice
    /// the context) share a hunk.
    public let context: Int
    /// The hunks in text order; empty when the texts are equal.
    public let hunks: [TextHunk]
    /// Lines only in the new text (the `+` lines).
    public let insertions: Int
    /// Lines only in the old text (the `-` lines).
    public let deletions: Int

    /// Diffs `old` against `new`.
    /// - Parameter context: lines of context, as git's `-U`; a negative value counts as 0, and
    ///   values over 2^31 − 1 as that.
    /// - Complexity: O((N + M)·D) for N and M lines and D differences, bounded as ``LineDiff``
    ///   describes; memory O(N + M) plus the hunks.
    public init(old: [UInt8], new: [UInt8], context: Int = 3) {
        let table = LineTable(old: old, new: new)
        let edits = LineDiff.edits(table, indentHeuristic: true)
        self.context = min(max(0, context), Int(Int32.max))
        self.insertions = edits.reduce(0) { $0 + $1.newCount }
        self.deletions = edits.reduce(0) { $0 + $1.oldCount }
        self.hunks = TextDiff.hunks(edits, table, context: self.context)
    }

    /// True when the texts are equal.
    public var isEmpty: Bool { hunks.isEmpty }

    /// True when `bytes` should be treated as binary: a NUL byte in the first 8000 bytes, as git
    /// decides (`buffer_is_binary`). Pass the start of the content; more is not read.
    /// - Complexity: O(min(n, 8000)).
    public static func isBinary(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.prefix(binaryProbeLength).contains(0)
    }

    /// How many leading bytes ``isBinary(_:)`` looks at.
    public static let binaryProbeLength = 8000

    /// Groups `edits` into hunks: an edit joins the previous hunk when at most twice the context
    /// of unchanged lines lies between them (git's `xdl_get_hunk`).
    private static func hunks(_ edits: [LineEdit], _ table: LineTable, context: Int) -> [TextHunk] {
        var hunks: [TextHunk] = []
        var function = FunctionContextSearch(lines: table.oldLines)
        var first = 0
        while first < edits.count {
            var last = first
            while last + 1 < edits.count, edits[last + 1].oldStart - edits[last].oldEnd <= 2 * context { last += 1 }
            let (head, tail) = (edits[first], edits[last])
            let oldFrom = max(head.oldStart - context, 0)
            let newFrom = max(head.newStart - context, 0)
            let trailing = min(context, table.oldLines.count - tail.oldEnd, table.newLines.count - tail.newEnd)
            let (oldTo, newTo) = (tail.oldEnd + trailing, tail.newEnd + trailing)

            var lines: [TextHunk.Line] = []
            var oldLine = oldFrom
            for edit in edits[first...last] {
                for line in oldLine..<edit.oldStart { lines.append(.init(kind: .context, line: table.oldLines[line])) }
                for line in edit.oldStart..<edit.oldEnd {
                    lines.append(.init(kind: .deleted, line: table.oldLines[line]))
                }
                for line in edit.newStart..<edit.newEnd {
                    lines.append(.init(kind: .inserted, line: table.newLines[line]))
                }
                oldLine = edit.oldEnd
            }
            for line in oldLine..<oldTo { lines.append(.init(kind: .context, line: table.oldLines[line])) }

            let (oldCount, newCount) = (oldTo - oldFrom, newTo - newFrom)
            hunks.append(
                TextHunk(
                    oldStart: oldCount == 0 ? oldFrom : oldFrom + 1, oldCount: oldCount,
                    newStart: newCount == 0 ? newFrom : newFrom + 1, newCount: newCount,
                    functionContext: function.nearest(above: oldFrom), lines: lines))
            first = last + 1
        }
        return hunks
    }
}

/// Finds git's default "function" line for hunk headers: the nearest old line above the hunk
/// that starts with an ASCII letter, `_` or `$` (xdiff's `def_ff`), without trailing spaces,
/// tabs, CRs and LFs (git's `isspace`). Hunks are asked for in order,
/// so each search stops where the previous one started.
private struct FunctionContextSearch {
    let lines: [ArraySlice<UInt8>]
    private var searchedBelow = 0
    private var found: [UInt8] = []

    /// git keeps at most this many bytes of the line.
    static let maxLength = 80

    init(lines: [ArraySlice<UInt8>]) { self.lines = lines }

    /// The function line above old line `start` (0-based), or the last one found.
    mutating func nearest(above start: Int) -> [UInt8] {
        var line = start - 1
        while line >= searchedBelow {
            if let text = FunctionContextSearch.function(lines[line]) {
                found = text
                break
            }
            line -= 1
        }
        searchedBelow = max(searchedBelow, start)
        return found
    }

    private static func function(_ line: ArraySlice<UInt8>) -> [UInt8]? {
        guard let first = line.first,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first | 0x20) || first == UInt8(ascii: "_")
                || first == UInt8(ascii: "$")
        else { return nil }
        var text = Array(line.prefix(maxLength))
        while let last = text.last, [0x20, 0x09, 0x0A, 0x0D].contains(last) { text.removeLast() }
        return text
    }
}
