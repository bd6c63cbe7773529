extension GraphLayout {
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
