/// Lines up the edits each side made to the base into ``MergeRegion``s (xdiff's `xdl_do_merge`
/// walk): an edit that ends before the other side's next edit starts is taken from its side; two
/// edits that overlap or touch are one conflict covering both, unless they are the same edit
/// (same base lines, same new lines), which is then left to the unchanged text of ours.
struct MergeRegionBuilder {
    let ours: [ArraySlice<UInt8>]
    let theirs: [ArraySlice<UInt8>]
    /// The number of base lines.
    let baseCount: Int

    /// The regions, in order, for the edits from the base to ours and to theirs.
    /// - Complexity: O(e) for e edits, plus the comparison of edits at the same base lines.
    func regions(_ oursEdits: [LineEdit], _ theirsEdits: [LineEdit]) -> [MergeRegion] {
        var regions: [MergeRegion] = []
        var (o, t) = (0, 0)
        while o < oursEdits.count, t < theirsEdits.count {
            let (mine, yours) = (oursEdits[o], theirsEdits[t])
            if mine.oldEnd < yours.oldStart {
                append(.ours, edit: mine, otherShift: yours.newStart - yours.oldStart, to: &regions)
                o += 1
                continue
            }
            if yours.oldEnd < mine.oldStart {
                append(.theirs, edit: yours, otherShift: mine.newStart - mine.oldStart, to: &regions)
                t += 1
                continue
            }
            if !isSameEdit(mine, yours) {
                // Cover both base ranges; each side also keeps the base lines only the other changed.
                let baseStart = min(mine.oldStart, yours.oldStart)
                let baseEnd = max(mine.oldEnd, yours.oldEnd)
                append(
                    MergeRegion(
                        resolution: .conflict, baseStart: baseStart, baseEnd: baseEnd,
                        oursStart: mine.newStart - (mine.oldStart - baseStart),
                        oursEnd: mine.newEnd + (baseEnd - mine.oldEnd),
                        theirsStart: yours.newStart - (yours.oldStart - baseStart),
                        theirsEnd: yours.newEnd + (baseEnd - yours.oldEnd)),
                    to: &regions)
            }
            if mine.oldEnd >= yours.oldEnd { t += 1 }
            if yours.oldEnd >= mine.oldEnd { o += 1 }
        }
        let oursShift = ours.count - baseCount
        let theirsShift = theirs.count - baseCount
        for edit in oursEdits[o...] { append(.ours, edit: edit, otherShift: theirsShift, to: &regions) }
        for edit in theirsEdits[t...] { append(.theirs, edit: edit, otherShift: oursShift, to: &regions) }
        return regions
    }

    /// True when both sides replaced the same base lines by the same lines.
    private func isSameEdit(_ mine: LineEdit, _ yours: LineEdit) -> Bool {
        mine.oldStart == yours.oldStart && mine.oldCount == yours.oldCount && mine.newCount == yours.newCount
            && ours[mine.newStart..<mine.newEnd].elementsEqual(theirs[yours.newStart..<yours.newEnd])
    }

    /// Appends the region of a one-sided `edit`; the other side holds the base lines unchanged,
    /// `otherShift` lines from where the base has them.
    private func append(
        _ side: MergeRegion.Resolution, edit: LineEdit, otherShift: Int, to regions: inout [MergeRegion]
    ) {
        let otherStart = edit.oldStart + otherShift
        let otherEnd = otherStart + edit.oldCount
        let region =
            side == .ours
            ? MergeRegion(
                resolution: .ours, baseStart: edit.oldStart, baseEnd: edit.oldEnd, oursStart: edit.newStart,
                oursEnd: edit.newEnd, theirsStart: otherStart, theirsEnd: otherEnd)
            : MergeRegion(
                resolution: .theirs, baseStart: edit.oldStart, baseEnd: edit.oldEnd, oursStart: otherStart,
                oursEnd: otherEnd, theirsStart: edit.newStart, theirsEnd: edit.newEnd)
        append(region, to: &regions)
    }

    /// Appends `region`, or extends the last region when they overlap or touch on either side;
    /// an extension that mixes resolutions becomes a conflict.
    private func append(_ region: MergeRegion, to regions: inout [MergeRegion]) {
        guard var last = regions.last,
            region.oursStart <= last.oursEnd || region.theirsStart <= last.theirsEnd
        else {
            regions.append(region)
            return
        }
        if last.resolution != region.resolution { last.resolution = .conflict }
        last.baseEnd = region.baseEnd
        last.oursEnd = region.oursEnd
        last.theirsEnd = region.theirsEnd
        regions[regions.count - 1] = last
    }
}
