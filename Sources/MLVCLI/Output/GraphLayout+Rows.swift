/// The lines ``GraphLayout/nextLine()`` draws, one function per state.
extension GraphLayout {
    /// Before an octopus merge with lines to its right: widens the gap those lines keep
    /// (`\`), two rows per parent beyond the second.
    mutating func preCommitRow() -> String {
        var line = ""
        var seenThis = false
        for (position, column) in columns.enumerated() {
            if column == commit {
                seenThis = true
                line += "|" + String(repeating: " ", count: expansionRow)
            } else if seenThis && expansionRow == 0 {
                line += previousState == .postMerge && previousCommitIndex < position ? "\\" : "|"
            } else if seenThis {
                line += "\\"
            } else {
                line += "|"
            }
            line += " "
        }
        expansionRow += 1
        if !needsPreCommitLine { setState(.commit) }
        return line
    }

    /// The commit's own line: `*` in its column (with `-.` dashes for an octopus), `|` for the
    /// other lines, `\` or `/` where a line is still moving after the previous commit.
    mutating func commitRow() -> String {
        var line = ""
        var seenThis = false
        for position in 0...columns.count {
            if position == columns.count && seenThis { break }
            let columnCommit = position == columns.count ? commit : columns[position]
            if columnCommit == commit {
                seenThis = true
                line += "*"
                if parents.count > 2 {
                    for dash in 0..<max(dashedParents, 0) { line += dash == dashedParents - 1 ? "-." : "--" }
                }
            } else if seenThis && edgesAdded > 1 {
                line += "\\"
            } else if seenThis && edgesAdded == 1 {
                let wasSlanted =
                    previousState == .postMerge && previousEdgesAdded > 0 && previousCommitIndex < position
                line += wasSlanted ? "\\" : "|"
            } else if previousState == .collapsing && old(2 * position + 1) == position
                && mapping[2 * position] < position
            {
                line += "/"
            } else {
                line += "|"
            }
            line += " "
        }
        if parents.count > 1 {
            setState(.postMerge)
        } else {
            setState(isMappingCorrect ? .padding : .collapsing)
        }
        return line
    }

    /// The line below a merge: an edge to each parent's column (`|\`, or `/|\` when the first
    /// parent lies to the left), lines to the right shifted (`\`), `_` where a line crosses.
    mutating func postMergeRow() -> String {
        var line = ""
        var seenThis = false
        var passedFirstParent = false
        let edges: [Character] = ["/", "|", "\\"]
        for position in 0...columns.count {
            if position == columns.count && seenThis { break }
            let columnCommit = position == columns.count ? commit : columns[position]
            if columnCommit == commit {
                seenThis = true
                var edge = mergeLayout
                for index in parents.indices {
                    line.append(edges[edge])
                    if edge == 2 {
                        if edgesAdded > 0 || index < parents.count - 1 { line += " " }
                    } else {
                        edge += 1
                    }
                }
                if edgesAdded == 0 { line += " " }
            } else if seenThis {
                line += edgesAdded > 0 ? "\\ " : "| "
            } else {
                line += "|"
                if mergeLayout != 0 || position != commitIndex - 1 { line += passedFirstParent ? "_" : " " }
            }
            if columnCommit == parents.first { passedFirstParent = true }
        }
        setState(isMappingCorrect ? .padding : .collapsing)
        return line
    }

    /// One line of lines moving left towards their columns: each moves one position per line
    /// (`/`), joins a line already heading for the same column, or, when another line is in its
    /// way, crosses it; the first line that has to travel further moves horizontally (`_`) the
    /// whole way in this one line, so crossing lines never both slant.
    mutating func collapsingRow() -> String {
        swap(&mapping, &oldMapping)
        for position in 0..<mappingSize { mapping[position] = -1 }
        var horizontalEdge = -1
        var horizontalTarget = -1
        for position in 0..<mappingSize {
            let target = oldMapping[position]
            guard target >= 0 else { continue }
            if target * 2 == position {
                mapping[position] = target
            } else if position >= 1 && mapping[position - 1] < 0 {
                mapping[position - 1] = target
                if horizontalEdge == -1 {
                    horizontalEdge = position
                    horizontalTarget = target
                    markHorizontal(from: target * 2 + 3, upTo: position - 2, target: target)
                }
            } else if position >= 1 && mapping[position - 1] == target {
                // Joins the line to its left, which leads to the same commit.
            } else if position >= 2 {
                mapping[position - 2] = target
                if horizontalEdge == -1 {
                    horizontalTarget = target
                    horizontalEdge = position - 1
                    markHorizontal(from: target * 2 + 3, upTo: position - 2, target: target)
                }
            }
        }
        for position in 0..<mappingSize { oldMapping[position] = mapping[position] }
        if mappingSize > 0 && mapping[mappingSize - 1] < 0 { mappingSize -= 1 }
        var line = ""
        var usedHorizontal = false
        for position in 0..<mappingSize {
            let target = mapping[position]
            if target < 0 {
                line += " "
            } else if target * 2 == position {
                line += "|"
            } else if target == horizontalTarget && position != horizontalEdge - 1 {
                // Only the first segment of a horizontal run continues into the next line.
                if position != target * 2 + 3 { mapping[position] = -1 }
                usedHorizontal = true
                line += "_"
            } else {
                if usedHorizontal && position < horizontalEdge { mapping[position] = -1 }
                line += "/"
            }
        }
        if isMappingCorrect { setState(.padding) }
        return line
    }

    private mutating func markHorizontal(from start: Int, upTo end: Int, target: Int) {
        var position = start
        while position < end {
            mapping[position] = target
            position += 2
        }
    }
}
