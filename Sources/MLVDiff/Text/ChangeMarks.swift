/// One changed flag per line of a text, readable one line past each end (always false there), as
/// the group walks of ``LineDiff`` need.
struct ChangeMarks: Equatable {
    /// Flags for lines −1 through `count`; line i is at i + 1.
    private var flags: [Bool]
    /// The number of lines.
    let count: Int

    /// All lines unchanged.
    init(count: Int) {
        self.count = count
        flags = [Bool](repeating: false, count: count + 2)
    }

    /// Line `line`'s flag; lines −1 and `count` read false and must not be set.
    subscript(line: Int) -> Bool {
        get { flags[line + 1] }
        set { flags[line + 1] = newValue }
    }

    /// A run of changed lines `start..<end`, or an empty run (`start == end`) just above
    /// unchanged line `start`. Every text has one group before each unchanged line and one at its
    /// end, so the groups of two texts pair up one to one.
    struct Group: Equatable {
        var start: Int
        var end: Int
        var isEmpty: Bool { start == end }
    }

    /// The first group.
    func firstGroup() -> Group {
        var group = Group(start: 0, end: 0)
        while self[group.end] { group.end += 1 }
        return group
    }

    /// Moves `group` to the next group; false when it is the last.
    func next(_ group: inout Group) -> Bool {
        guard group.end < count else { return false }
        group.start = group.end + 1
        group.end = group.start
        while self[group.end] { group.end += 1 }
        return true
    }

    /// Moves `group` to the previous group; false when it is the first.
    func previous(_ group: inout Group) -> Bool {
        guard group.start > 0 else { return false }
        group.end = group.start - 1
        group.start = group.end
        while self[group.start - 1] { group.start -= 1 }
        return true
    }

    /// Slides a non-empty `group` down one line when its first line equals the line after it,
    /// absorbing a group it runs into; false when it cannot move.
    mutating func slideDown(_ group: inout Group, classes: [Int]) -> Bool {
        guard group.end < count, classes[group.start] == classes[group.end] else { return false }
        self[group.start] = false
        self[group.end] = true
        group.start += 1
        group.end += 1
        while self[group.end] { group.end += 1 }
        return true
    }

    /// Slides a non-empty `group` up one line when its last line equals the line before it,
    /// absorbing a group it runs into; false when it cannot move.
    mutating func slideUp(_ group: inout Group, classes: [Int]) -> Bool {
        guard group.start > 0, classes[group.start - 1] == classes[group.end - 1] else { return false }
        group.start -= 1
        group.end -= 1
        self[group.start] = true
        self[group.end] = false
        while self[group.start - 1] { group.start -= 1 }
        return true
    }

    /// The edits that turn the old text into the new one, in order: runs of changed lines on
    /// either side between pairs of unchanged lines.
    /// - Complexity: O(N + M).
    static func edits(old: ChangeMarks, new: ChangeMarks) -> [LineEdit] {
        var edits: [LineEdit] = []
        var (oldLine, newLine) = (0, 0)
        while oldLine < old.count || newLine < new.count {
            guard old[oldLine] || new[newLine] else {
                oldLine += 1
                newLine += 1
                continue
            }
            let (oldStart, newStart) = (oldLine, newLine)
            while old[oldLine] { oldLine += 1 }
            while new[newLine] { newLine += 1 }
            edits.append(
                LineEdit(
                    oldStart: oldStart, oldCount: oldLine - oldStart, newStart: newStart, newCount: newLine - newStart))
        }
        return edits
    }
}

/// Sliding groups of changed lines to where git puts them ("xdl_change_compact"): an ambiguous
/// insertion or deletion, such as one of several equal lines, moves to line up with a change on
/// the other side when it can, and otherwise as low as it can go, or, with the indent heuristic
/// (`git diff`'s default since git 2.14; `git merge-file` does not use it), to the position the
/// heuristic scores best, the lowest on ties. Groups that meet while sliding merge.
extension ChangeMarks {
    /// Compacts the groups of this text (`classes` and `lines` are its lines), walking `other`'s
    /// groups in step with them; `indentHeuristic` picks between the places a group can go.
    /// - Complexity: O(N + M) slides, plus O(100·g) heuristic measurements for g group lengths.
    mutating func compact(classes: [Int], lines: [ArraySlice<UInt8>], other: ChangeMarks, indentHeuristic: Bool) {
        var group = firstGroup()
        var otherGroup = other.firstGroup()
        while true {
            if !group.isEmpty {
                var size: Int
                var earliestEnd: Int
                var endMatchingOther: Int?
                repeat {
                    size = group.end - group.start
                    endMatchingOther = nil
                    while slideUp(&group, classes: classes) { _ = other.previous(&otherGroup) }
                    earliestEnd = group.end
                    if !otherGroup.isEmpty { endMatchingOther = group.end }
                    while slideDown(&group, classes: classes) {
                        _ = other.next(&otherGroup)
                        if !otherGroup.isEmpty { endMatchingOther = group.end }
                    }
                } while size != group.end - group.start

                if group.end == earliestEnd {
                    // The group cannot move.
                } else if endMatchingOther != nil {
                    // Line up with the last change on the other side the group can reach.
                    while otherGroup.isEmpty, slideUp(&group, classes: classes) { _ = other.previous(&otherGroup) }
                } else if indentHeuristic {
                    let target = bestShift(of: group, size: size, earliestEnd: earliestEnd, lines: lines)
                    while group.end > target, slideUp(&group, classes: classes) { _ = other.previous(&otherGroup) }
                }
            }
            guard next(&group) else { break }
            _ = other.next(&otherGroup)
        }
    }

    /// The end position the indent heuristic picks for `group`, which sits as low as it can go.
    private func bestShift(of group: Group, size: Int, earliestEnd: Int, lines: [ArraySlice<UInt8>]) -> Int {
        let lowest = max(earliestEnd, group.end - size - 1, group.end - IndentScore.maxSliding)
        var best: (shift: Int, score: IndentScore)? = nil
        for shift in lowest...group.end {
            var score = IndentScore()
            score.add(SplitMeasure(lines: lines, split: shift))
            score.add(SplitMeasure(lines: lines, split: shift - size))
            if best.map({ score.isAtLeastAsGood(as: $0.score) }) ?? true { best = (shift, score) }
        }
        return best?.shift ?? group.end
    }
}
