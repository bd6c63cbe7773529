/// Three-way line merge (diff3), as `git merge-file` does it by default: changes that do not
/// overlap combine, a change both sides made the same way is taken once, and different changes
/// to the same or adjacent base lines become a conflict:
///
/// ```
/// <<<<<<< ours-label
/// our lines
/// =======
/// their lines
/// >>>>>>> theirs-label
/// ```
///
/// As git's "zealous" merge level (`XDL_MERGE_ZEALOUS_ALNUM`), each conflict is narrowed by
/// diffing the two versions against each other, lines both versions share become plain merged
/// lines, and conflicts separated by at most 3 lines, or by lines with no letter or digit, are
/// joined into one. Line diffs are ``LineDiff``'s without the indent heuristic, as git's merge
/// runs them, so the result equals `git merge-file -p -L
/// <ours> -L <base> -L <theirs>` for the same texts (except that markers always end in `\n`,
/// where git uses `\r\n` in files whose lines all end so).
public enum TextMerge {
    /// The length of each marker run (`<<<<<<<`), git's default `conflict-marker-size`.
    public static let markerSize = 7

    /// Merges the changes `ours` and `theirs` made to `base`.
    /// - Parameters:
    ///   - oursLabel: printed after `<<<<<<<` (after a space; nothing when empty).
    ///   - theirsLabel: printed after `>>>>>>>`.
    /// - Complexity: two line diffs against the base, plus one between the versions of each conflict.
    public static func merge(
        base: [UInt8], ours: [UInt8], theirs: [UInt8], oursLabel: String, theirsLabel: String
    ) -> TextMergeResult {
        let baseLines = LineTable.lines(of: base)
        let oursLines = LineTable.lines(of: ours)
        let theirsLines = LineTable.lines(of: theirs)
        let oursEdits = LineDiff.edits(LineTable(oldLines: baseLines, newLines: oursLines), indentHeuristic: false)
        let theirsEdits = LineDiff.edits(LineTable(oldLines: baseLines, newLines: theirsLines), indentHeuristic: false)
        if oursEdits.isEmpty { return TextMergeResult(merged: theirs, conflicts: 0) }
        if theirsEdits.isEmpty { return TextMergeResult(merged: ours, conflicts: 0) }

        var regions = MergeRegionBuilder(
            ours: oursLines, theirs: theirsLines, baseCount: baseLines.count
        ).regions(oursEdits, theirsEdits)
        regions = refined(regions, ours: oursLines, theirs: theirsLines)
        regions = joined(regions, ours: oursLines)

        var out: [UInt8] = []
        out.reserveCapacity(max(ours.count, theirs.count))
        var conflicts = 0
        var next = 0
        func copy(_ lines: [ArraySlice<UInt8>], _ range: Range<Int>, endingLine: Bool = false) {
            for line in range { out += lines[line] }
            if endingLine, let last = range.last, lines[last].last != UInt8(ascii: "\n") {
                out.append(UInt8(ascii: "\n"))
            }
        }
        func marker(_ character: Character, _ label: String) {
            out += Array(String(repeating: character, count: markerSize).utf8)
            if !label.isEmpty { out += Array((" " + label).utf8) }
            out.append(UInt8(ascii: "\n"))
        }
        for region in regions {
            switch region.resolution {
            case .identical:
                continue
            case .ours:
                copy(oursLines, next..<region.oursEnd)
            case .theirs:
                copy(oursLines, next..<region.oursStart)
                copy(theirsLines, region.theirsStart..<region.theirsEnd)
            case .conflict:
                conflicts += 1
                copy(oursLines, next..<region.oursStart)
                marker("<", oursLabel)
                copy(oursLines, region.oursStart..<region.oursEnd, endingLine: true)
                marker("=", "")
                copy(theirsLines, region.theirsStart..<region.theirsEnd, endingLine: true)
                marker(">", theirsLabel)
            }
            next = region.oursEnd
        }
        copy(oursLines, next..<oursLines.count)
        return TextMergeResult(merged: out, conflicts: conflicts)
    }

    /// Each conflict with lines on both sides narrowed to the changes between its two versions:
    /// one conflict per change, or `identical` when the versions are equal.
    private static func refined(
        _ regions: [MergeRegion], ours: [ArraySlice<UInt8>], theirs: [ArraySlice<UInt8>]
    ) -> [MergeRegion] {
        var result: [MergeRegion] = []
        for region in regions {
            guard region.resolution == .conflict, region.oursEnd > region.oursStart,
                region.theirsEnd > region.theirsStart
            else {
                result.append(region)
                continue
            }
            let edits = LineDiff.edits(
                LineTable(
                    oldLines: Array(ours[region.oursStart..<region.oursEnd]),
                    newLines: Array(theirs[region.theirsStart..<region.theirsEnd])),
                indentHeuristic: false)
            guard !edits.isEmpty else {
                var same = region
                same.resolution = .identical
                result.append(same)
                continue
            }
            for edit in edits {
                var part = region
                part.oursStart = region.oursStart + edit.oldStart
                part.oursEnd = part.oursStart + edit.oldCount
                part.theirsStart = region.theirsStart + edit.newStart
                part.theirsEnd = part.theirsStart + edit.newCount
                result.append(part)
            }
        }
        return result
    }

    /// Adjacent conflicts joined when at most 3 lines, or only lines without an ASCII letter or
    /// digit, separate them: one larger conflict reads more easily than several pieces.
    private static func joined(_ regions: [MergeRegion], ours: [ArraySlice<UInt8>]) -> [MergeRegion] {
        var result: [MergeRegion] = []
        for region in regions {
            if let last = result.last, last.resolution == .conflict, region.resolution == .conflict {
                let gap = last.oursEnd..<region.oursStart
                if gap.count <= 3 || !gap.contains(where: { ours[$0].contains(where: isAlphanumeric) }) {
                    result[result.count - 1].baseEnd = region.baseEnd
                    result[result.count - 1].oursEnd = region.oursEnd
                    result[result.count - 1].theirsEnd = region.theirsEnd
                    continue
                }
            }
            result.append(region)
        }
        return result
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}
