/// git's indent heuristic (xdiff's `measure_split` and `score_add_split`, weights from
/// https://github.com/mhagger/diff-slider-tools): a group of added or deleted lines that can slide
/// is placed where the two splits it makes, above and below it, look most like block boundaries.
struct IndentScore {
    /// The summed indents of the lines at both splits; smaller is better.
    var effectiveIndent = 0
    /// The summed penalties of both splits; smaller is better.
    var penalty = 0

    /// A group slides up at most this far.
    static let maxSliding = 100

    private static let startOfFilePenalty = 1
    private static let endOfFilePenalty = 21
    private static let totalBlankWeight = -30
    private static let postBlankWeight = 6
    private static let relativeIndentPenalty = -4
    private static let relativeIndentWithBlankPenalty = 10
    private static let relativeOutdentPenalty = 24
    private static let relativeOutdentWithBlankPenalty = 17
    private static let relativeDedentPenalty = 23
    private static let relativeDedentWithBlankPenalty = 17
    private static let indentWeight = 60

    /// Adds the score of one split.
    mutating func add(_ split: SplitMeasure) {
        if split.indentBefore == -1, split.blankBefore == 0 { penalty += IndentScore.startOfFilePenalty }
        if split.endOfFile { penalty += IndentScore.endOfFilePenalty }
        let blankAfter = split.indent == -1 ? 1 + split.blankAfter : 0
        let totalBlank = split.blankBefore + blankAfter
        penalty += IndentScore.totalBlankWeight * totalBlank + IndentScore.postBlankWeight * blankAfter
        let indent = split.indent != -1 ? split.indent : split.indentAfter
        let anyBlanks = totalBlank != 0
        effectiveIndent += indent
        guard indent != -1, split.indentBefore != -1 else { return }
        if indent > split.indentBefore {
            penalty += anyBlanks ? IndentScore.relativeIndentWithBlankPenalty : IndentScore.relativeIndentPenalty
        } else if indent < split.indentBefore {
            if split.indentAfter != -1, split.indentAfter > indent {
                // Probably the start of a new block after the end of another.
                penalty += anyBlanks ? IndentScore.relativeOutdentWithBlankPenalty : IndentScore.relativeOutdentPenalty
            } else {
                // Probably the end of a block.
                penalty += anyBlanks ? IndentScore.relativeDedentWithBlankPenalty : IndentScore.relativeDedentPenalty
            }
        }
    }

    /// True when this score is no worse than `other`: the sign of the indent difference weighs
    /// `indentWeight` penalty points.
    func isAtLeastAsGood(as other: IndentScore) -> Bool {
        let indentOrder =
            (effectiveIndent > other.effectiveIndent ? 1 : 0) - (effectiveIndent < other.effectiveIndent ? 1 : 0)
        return IndentScore.indentWeight * indentOrder + (penalty - other.penalty) <= 0
    }
}

/// What the indent heuristic sees around a split between two lines.
struct SplitMeasure {
    /// The split is at the end of the text.
    var endOfFile: Bool
    /// The indent of the line after the split, −1 when blank.
    var indent: Int
    /// Blank lines just above the split.
    var blankBefore: Int
    /// The indent of the nearest non-blank line above, −1 when none.
    var indentBefore: Int
    /// Blank lines after the line following the split.
    var blankAfter: Int
    /// The indent of the nearest non-blank line after that, −1 when none.
    var indentAfter: Int

    /// Indents are capped at this, and blank runs at `maxBlanks`, to bound the work.
    static let maxIndent = 200
    static let maxBlanks = 20

    /// Measures the split just above line `split` (which may be `lines.count`).
    init(lines: [ArraySlice<UInt8>], split: Int) {
        endOfFile = split >= lines.count
        indent = endOfFile ? -1 : SplitMeasure.indent(of: lines[split])
        (blankBefore, indentBefore) = SplitMeasure.scan(lines, stride(from: split - 1, through: 0, by: -1))
        (blankAfter, indentAfter) = SplitMeasure.scan(lines, (split + 1)..<max(split + 1, lines.count))
    }

    /// Counts blank lines from the first position on, and the indent of the first non-blank one.
    private static func scan(_ lines: [ArraySlice<UInt8>], _ positions: some Sequence<Int>) -> (Int, Int) {
        var blanks = 0
        for position in positions {
            let indent = indent(of: lines[position])
            if indent != -1 { return (blanks, indent) }
            blanks += 1
            if blanks == maxBlanks { return (blanks, 0) }
        }
        return (blanks, -1)
    }

    /// The columns of leading whitespace (a tab to the next multiple of 8), or −1 for a line of
    /// whitespace only. Whitespace is git's: space, tab, CR and LF; CR and LF take no column.
    static func indent(of line: ArraySlice<UInt8>) -> Int {
        var columns = 0
        for byte in line {
            switch byte {
            case UInt8(ascii: " "): columns += 1
            case UInt8(ascii: "\t"): columns += 8 - columns % 8
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): break
            default: return columns
            }
            if columns >= maxIndent { return maxIndent }
        }
        return -1
    }
}
