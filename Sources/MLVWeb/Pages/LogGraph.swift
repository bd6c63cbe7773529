import MLVRepository
import MLVStorage

/// The lanes of a commit graph, one row per commit in topological order, drawn as a small inline
/// SVG per row: lines from the lanes above into the commit or past it, the commit's dot, and
/// lines from the commit down to the lanes of its parents, so merges and forks show.
struct LogGraph {
    /// One row: where the commit sits and which lines cross the row.
    struct Row: Equatable {
        var column: Int
        /// Lines from the top edge (lane) to the middle (lane) or the bottom edge (lane).
        var lines: [Line]
        var width: Int
    }

    struct Line: Equatable {
        var from: Int
        var to: Int
        /// True: from the top edge to the commit's dot; false: from the top (or the dot, when
        /// `fromDot`) to the bottom edge.
        var toDot: Bool
        var fromDot: Bool
    }

    private var lanes: [ObjectID?] = []

    /// Lays out the next commit (in topological order) with the parents it is drawn to.
    mutating func next(_ id: ObjectID, parents: [ObjectID]) -> Row {
        var lines: [Line] = []
        let before = lanes
        var column = before.firstIndex(of: id) ?? -1
        if column < 0 {
            column = lanes.firstIndex(of: nil) ?? lanes.count
            if column == lanes.count { lanes.append(nil) }
        }
        // Every lane waiting for this commit ends in its dot.
        for (index, lane) in before.enumerated() where lane == id {
            lines.append(Line(from: index, to: column, toDot: true, fromDot: false))
            lanes[index] = nil
        }
        // The first parent continues in the commit's lane; the others join a lane that already
        // waits for them, or open a new one.
        var parentLanes: [Int] = []
        for (number, parent) in parents.enumerated() {
            if let existing = lanes.firstIndex(of: parent) {
                parentLanes.append(existing)
            } else if number == 0 {
                lanes[column] = parent
                parentLanes.append(column)
            } else {
                let free = lanes.firstIndex(of: nil) ?? lanes.count
                if free == lanes.count { lanes.append(parent) } else { lanes[free] = parent }
                parentLanes.append(free)
            }
        }
        while let last = lanes.last, last == nil { lanes.removeLast() }
        // Lanes passing by go straight down.
        for (index, lane) in before.enumerated() {
            guard let lane, lane != id, let below = lanes.firstIndex(of: lane) else { continue }
            lines.append(Line(from: index, to: below, toDot: false, fromDot: false))
        }
        for lane in parentLanes {
            lines.append(Line(from: column, to: lane, toDot: false, fromDot: true))
        }
        let width = max(before.count, lanes.count, column + 1)
        return Row(column: column, lines: lines, width: width)
    }

    static let laneWidth = 14
    static let rowHeight = 24
    static let colors = ["#0969da", "#1a7f37", "#cf222e", "#8250df", "#bf8700", "#0a7f8f", "#d1242f", "#57606a"]

    /// The row as an `<svg>` element (numbers and fixed colours only: nothing to escape).
    static func svg(_ row: Row, width lanesWide: Int) -> String {
        let w = max(lanesWide, 1) * laneWidth
        let h = rowHeight
        func x(_ lane: Int) -> Int { lane * laneWidth + laneWidth / 2 }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\">"
        for line in row.lines {
            let color = colors[(line.toDot ? line.from : line.to) % colors.count]
            let y1 = line.fromDot ? h / 2 : 0
            let y2 = line.toDot ? h / 2 : h
            out +=
                "<line x1=\"\(x(line.from))\" y1=\"\(y1)\" x2=\"\(x(line.to))\" y2=\"\(y2)\" stroke=\"\(color)\" stroke-width=\"2\"/>"
        }
        out +=
            "<circle cx=\"\(x(row.column))\" cy=\"\(h / 2)\" r=\"4\" fill=\"\(colors[row.column % colors.count])\" stroke=\"#fff\"/></svg>"
        return out
    }
}
