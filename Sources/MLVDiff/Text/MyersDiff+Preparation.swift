/// Shrinking the problem before the search, as xdiff does: the common prefix and suffix are set
/// aside, and lines that cannot be part of the longest common subsequence are marked changed at
/// once and hidden from the search.
extension MyersDiff {
    /// How a line of one text occurs in the other.
    private enum Occurrence: UInt8 {
        /// Not at all: the line is certainly changed.
        case none
        /// Fewer times than the text's "many" limit.
        case some
        /// At least the limit (√lines, at most 1024): a line like `}` or a blank line.
        case many
    }

    /// Above this many matches a line counts as occurring "many" times (xdiff's `MAX_EQLIMIT`).
    private static let manyLimit = 1024
    /// How far the multiple-match scan looks each way (xdiff's `SIMSCAN_WINDOW`).
    private static let scanWindow = 100
    /// A "many" line is dropped when fewer than 1 in this many of the lines around it match
    /// (xdiff's `KPDIS_RUN`).
    private static let keepRatio = 4

    /// A search over `table` without its common ends, its lines that occur only in one text, and
    /// those of its frequent lines that sit among unmatched lines.
    /// - Complexity: O(N + M) plus O(L·w) for L frequent lines and the scan window w.
    static func prepare(_ table: LineTable) -> MyersDiff {
        let (old, new) = (table.oldClasses, table.newClasses)
        var prefix = 0
        while prefix < min(old.count, new.count), old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(old.count, new.count) - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        var oldCounts = [Int](repeating: 0, count: table.classCount)
        var newCounts = [Int](repeating: 0, count: table.classCount)
        for line in old { oldCounts[line] += 1 }
        for line in new { newCounts[line] += 1 }

        var oldChanged = ChangeMarks(count: old.count)
        var newChanged = ChangeMarks(count: new.count)
        let (keptOld, oldIndex) = kept(
            old, range: prefix..<(old.count - suffix), matchesIn: newCounts, changed: &oldChanged)
        let (keptNew, newIndex) = kept(
            new, range: prefix..<(new.count - suffix), matchesIn: oldCounts, changed: &newChanged)
        return MyersDiff(
            old: keptOld, oldIndex: oldIndex, new: keptNew, newIndex: newIndex, oldChanged: oldChanged,
            newChanged: newChanged)
    }

    /// The classes of the lines of `lines[range]` the search keeps, with their indices; marks the
    /// others changed.
    private static func kept(
        _ lines: [Int], range: Range<Int>, matchesIn otherCounts: [Int], changed: inout ChangeMarks
    ) -> ([Int], [Int]) {
        let limit = min(integerSquareRoot(lines.count), manyLimit)
        var occurrences = [Occurrence](repeating: .none, count: lines.count)
        for index in range {
            let matches = otherCounts[lines[index]]
            occurrences[index] = matches == 0 ? .none : matches >= limit ? .many : .some
        }
        var classes: [Int] = []
        var indices: [Int] = []
        for index in range {
            let keep =
                switch occurrences[index] {
                case .some: true
                case .many: !isLostAmongUnmatched(occurrences, at: index, within: range)
                case .none: false
                }
            if keep {
                classes.append(lines[index])
                indices.append(index)
            } else {
                changed[index] = true
            }
        }
        return (classes, indices)
    }

    /// True when the frequent line at `index` has unmatched lines on both sides, in runs of
    /// unmatched and frequent lines where at least `keepRatio − 1` of every `keepRatio` lines are
    /// unmatched: matching it would only make the diff choppier.
    private static func isLostAmongUnmatched(_ occurrences: [Occurrence], at index: Int, within range: Range<Int>)
        -> Bool
    {
        let low = max(range.lowerBound, index - scanWindow)
        let high = min(range.upperBound - 1, index + scanWindow)
        func run(_ positions: some Sequence<Int>) -> (unmatched: Int, frequent: Int) {
            var counts = (unmatched: 0, frequent: 1)
            for position in positions {
                switch occurrences[position] {
                case .none: counts.unmatched += 1
                case .many: counts.frequent += 1
                case .some: return counts
                }
            }
            return counts
        }
        let before = run(stride(from: index - 1, through: low, by: -1))
        guard before.unmatched > 0 else { return false }
        let after = run(stride(from: index + 1, through: high, by: 1))
        guard after.unmatched > 0 else { return false }
        let frequent = before.frequent + after.frequent
        let unmatched = before.unmatched + after.unmatched
        return frequent * keepRatio < frequent + unmatched
    }
}
