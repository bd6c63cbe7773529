/// One change of a line diff: `oldCount` lines of the old text from `oldStart` are replaced by
/// `newCount` lines of the new text from `newStart` (0-based line numbers; one count may be 0).
struct LineEdit: Equatable, Sendable {
    var oldStart: Int
    var oldCount: Int
    var newStart: Int
    var newCount: Int

    var oldEnd: Int { oldStart + oldCount }
    var newEnd: Int { newStart + newCount }
}

/// The line diff behind ``TextDiff`` and ``TextMerge``: git's default diff, step by step as
/// xdiff does it, so that the edits are the ones `git diff` shows for the same texts.
///
/// 1. Lines are numbered by content (``LineTable``).
/// 2. The common prefix and suffix are set aside; lines that occur only in one text, and frequent
///    lines lost among them, are marked changed (``MyersDiff/prepare(_:)``).
/// 3. Myers' algorithm in linear space, with xdiff's cost limits, marks the rest (``MyersDiff``).
/// 4. Groups of changed lines slide to line up with the other side, or else down as far as they
///    go or, with the indent heuristic, to its best place
///    (``ChangeMarks/compact(classes:lines:other:indentHeuristic:)``), first in the old, then in
///    the new text. `git diff` uses the heuristic; `git merge-file` does not.
///
/// Up to an edit cost of 256 the edits are minimal (the shortest edit script); above that
/// they may not be, as git's are not.
enum LineDiff {
    /// The edits between the texts of `table`, in order.
    /// - Complexity: O((N + M)·D) for D differences, at most about O((N + M)^1.5) per split level.
    static func edits(_ table: LineTable, indentHeuristic: Bool) -> [LineEdit] {
        if table.oldClasses == table.newClasses { return [] }
        var search = MyersDiff.prepare(table)
        search.run()
        var (old, new) = (search.oldChanged, search.newChanged)
        old.compact(classes: table.oldClasses, lines: table.oldLines, other: new, indentHeuristic: indentHeuristic)
        new.compact(classes: table.newClasses, lines: table.newLines, other: old, indentHeuristic: indentHeuristic)
        return ChangeMarks.edits(old: old, new: new)
    }

}
