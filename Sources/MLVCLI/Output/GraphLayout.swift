import MLVStorage

/// The ASCII commit graph of `log --graph`, drawn line by line as git draws it.
///
/// Each column is a line of history waiting for the commit it leads to. For every commit,
/// ``update(_:parents:)`` works out the columns after it and a *mapping* from each character
/// position to the column that line must end up in; ``nextLine()`` then yields, in order: a
/// commit line (`*`), after a merge a post-merge line (`|\`), and collapsing lines (`|/`, `_`)
/// until every line is in its column, then padding lines (`| |`) for the rest of the text.
/// Lines move left only, one position per line; when lines cross, one of them moves
/// horizontally (`_`) so only one changes direction at a time. Merges with more than two
/// parents get git's `*-.` dashes and expansion rows.
struct GraphLayout {
    enum State { case padding, skip, preCommit, commit, postMerge, collapsing }

    var commit: ObjectID?
    var parents: [ObjectID] = []
    var columns: [ObjectID] = []
    var newColumns: [ObjectID] = []
    /// Character position (two per column) → target column, or -1.
    var mapping: [Int] = []
    var oldMapping: [Int] = []
    var mappingSize = 0
    var width = 0
    var expansionRow = 0
    var state = State.padding
    var previousState = State.padding
    var commitIndex = 0
    var previousCommitIndex = 0
    /// 0 when a merge's first parent is in a column to its left (`|/|\` layout), else 1.
    var mergeLayout = 0
    /// Columns the current commit adds (git's `edges_added`).
    var edgesAdded = 0
    var previousEdgesAdded = 0

    var isCommitFinished: Bool { state == .padding }

    /// Starts a new commit; `parents` are those drawn (inside the range shown), first first.
    mutating func update(_ id: ObjectID, parents: [ObjectID]) {
        commit = id
        self.parents = parents
        previousCommitIndex = commitIndex
        updateColumns()
        expansionRow = 0
        if state != .padding {
            state = .skip
        } else {
            state = needsPreCommitLine ? .preCommit : .commit
        }
    }

    private mutating func updateColumns() {
        columns = newColumns
        newColumns = []
        let maxNew = columns.count + parents.count
        let size = max(2 * maxNew, mapping.count)
        if mapping.count < size { mapping += Array(repeating: -1, count: size - mapping.count) }
        if oldMapping.count < size { oldMapping += Array(repeating: -1, count: size - oldMapping.count) }
        mappingSize = 2 * maxNew
        for position in 0..<mappingSize { mapping[position] = -1 }
        width = 0
        previousEdgesAdded = edgesAdded
        edgesAdded = 0
        var seenThis = false
        for position in 0...columns.count {
            let columnCommit: ObjectID?
            if position == columns.count {
                if seenThis { break }
                columnCommit = commit
            } else {
                columnCommit = columns[position]
            }
            guard let columnCommit else { break }
            if columnCommit == commit {
                seenThis = true
                commitIndex = position
                mergeLayout = -1
                for parent in parents { insertIntoNewColumns(parent, commitColumn: position) }
                if parents.isEmpty { width += 2 }
            } else {
                insertIntoNewColumns(columnCommit, commitColumn: -1)
            }
        }
        while mappingSize > 1 && mapping[mappingSize - 1] < 0 { mappingSize -= 1 }
    }

    private mutating func insertIntoNewColumns(_ id: ObjectID, commitColumn: Int) {
        let column: Int
        if let existing = newColumns.firstIndex(of: id) {
            column = existing
        } else {
            column = newColumns.count
            newColumns.append(id)
        }
        var position: Int
        if parents.count > 1 && commitColumn > -1 && mergeLayout == -1 {
            // The first parent of a merge: skew the merge left when that parent is to its left.
            let distance = commitColumn - column
            let shift = distance > 1 ? 2 * distance - 3 : 1
            mergeLayout = distance > 0 ? 0 : 1
            edgesAdded = parents.count + mergeLayout - 2
            position = width + (mergeLayout - 1) * shift
            width += 2 * mergeLayout
        } else if edgesAdded > 0 && width >= 2 && column == mapping[width - 2] {
            // A merge's edge that joins the column right next to it at once.
            position = width - 2
            edgesAdded = -1
        } else {
            position = width
            width += 2
        }
        position = max(position, 0)
        mapping[position] = column
    }

    var dashedParents: Int { parents.count + mergeLayout - 3 }

    var needsPreCommitLine: Bool {
        parents.count >= 3 && commitIndex < columns.count - 1 && expansionRow < dashedParents * 2
    }

    /// Every line sits in its column, or one to the right of it (drawn as `/`).
    var isMappingCorrect: Bool {
        (0..<mappingSize).allSatisfy { mapping[$0] < 0 || mapping[$0] == $0 / 2 }
    }

    mutating func setState(_ new: State) {
        previousState = state
        state = new
    }

    /// The next line of the graph, padded to the commit's width, and whether it is the line of
    /// the commit itself (the one its text starts on).
    mutating func nextLine() -> (text: String, isCommitLine: Bool) {
        guard commit != nil else { return ("", false) }
        var line = ""
        var isCommitLine = false
        switch state {
        case .padding: line = paddingRow()
        case .skip:
            line = "..."
            setState(needsPreCommitLine ? .preCommit : .commit)
        case .preCommit: line = preCommitRow()
        case .commit:
            line = commitRow()
            isCommitLine = true
        case .postMerge: line = postMergeRow()
        case .collapsing: line = collapsingRow()
        }
        return (padded(line), isCommitLine)
    }

    /// A line that extends every branch line down, for text that follows a commit; never the
    /// commit line itself (a commit line that is due is drawn as vertical lines).
    mutating func paddingLine() -> String {
        guard state == .commit else { return nextLine().text }
        var line = ""
        for column in columns {
            line += "|"
            line += column == commit && parents.count > 2 ? String(repeating: " ", count: (parents.count - 2) * 2) : " "
        }
        previousState = .padding
        return padded(line)
    }

    private func padded(_ line: String) -> String {
        line.count < width ? line + String(repeating: " ", count: width - line.count) : line
    }

    private func paddingRow() -> String {
        String(repeating: "| ", count: newColumns.count)
    }

    func old(_ position: Int) -> Int {
        position < oldMapping.count ? oldMapping[position] : -1
    }
}
