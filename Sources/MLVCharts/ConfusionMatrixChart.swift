/// A confusion matrix as a self-contained SVG element: one cell per (actual, predicted) pair,
/// shaded by its share of the actual class's row, with the count written in it; actual classes
/// down the left, predicted classes along the top.
public struct ConfusionMatrixChart: Sendable {
    public var title: String
    public var classes: [String]
    /// `counts[actual][predicted]`.
    public var counts: [[Int]]

    /// A chart of `counts[actual][predicted]`. Rows or columns missing from `counts` count as
    /// zero; classes missing from `classes` are named by their index.
    public init(title: String, classes: [String], counts: [[Int]]) {
        self.title = title
        self.classes = classes
        self.counts = counts
    }

    /// The number of classes drawn: the most of the names, rows and columns.
    public var size: Int { counts.reduce(max(classes.count, counts.count)) { max($0, $1.count) } }

    /// The count at `actual`, `predicted` (0 outside `counts`).
    public func count(_ actual: Int, _ predicted: Int) -> Int {
        actual < counts.count && predicted < counts[actual].count ? counts[actual][predicted] : 0
    }

    /// The cell's share of its row (0 for an empty row), which sets its shade.
    public func rowShare(_ actual: Int, _ predicted: Int) -> Double {
        let total = (0..<size).reduce(0) { $0 + max(0, count(actual, $1)) }
        return total == 0 ? 0 : Double(max(0, count(actual, predicted))) / Double(total)
    }

    /// A self-contained `<svg>` element; every text escaped.
    /// - Complexity: O(classes²).
    public func svg(width: Int = 480, height: Int = 480) -> String {
        let width = Double(max(width, 160))
        let height = Double(max(height, 160))
        let n = size
        var svg = SVGWriter(width: width, height: height, title: title)
        svg.text(x: width / 2, y: 20, title, anchor: "middle", size: 14, weight: "bold")
        let names = (0..<n).map { SVGText.truncated($0 < classes.count ? classes[$0] : "class \($0)", to: 14) }
        let longest = Double(names.reduce(1) { max($0, $1.count) })
        let labelSpace = min(110, 10 + longest * 6.6)
        let left = 24 + labelSpace
        guard n > 0 else {
            svg.text(x: width / 2, y: height / 2, "no data", anchor: "middle", fill: "#777")
            return svg.finish()
        }
        // Column labels lie flat when they fit in a cell, else they are turned 45 degrees.
        let flatSide = min(width - left - 12, height - 70 - 12)
        let flat = longest * 6.6 + 6 <= flatSide / Double(n)
        let top = 54 + (flat ? 16 : labelSpace * 0.75)
        let side = max(1, min(width - left - 12, height - top - 12))
        let cell = side / Double(n)
        let fontSize = max(6, min(12, cell * 0.35))
        svg.text(x: left + side / 2, y: 42, "predicted", anchor: "middle", weight: "bold")
        let actualY = top + side / 2
        svg.text(
            x: 14, y: actualY, "actual", anchor: "middle", weight: "bold",
            transform: "rotate(-90 14 \(ChartNumber.coordinate(actualY)))")
        for index in 0..<n {
            let middle = Double(index) * cell + cell / 2
            svg.text(x: left - 6, y: top + middle + fontSize / 3, names[index], anchor: "end", size: fontSize)
            let x = left + middle
            let y = top - 6
            if flat {
                svg.text(x: x, y: y, names[index], anchor: "middle", size: fontSize)
            } else {
                svg.text(
                    x: x, y: y, names[index], anchor: "start", size: fontSize,
                    transform: "rotate(-45 \(ChartNumber.coordinate(x)) \(ChartNumber.coordinate(y)))")
            }
        }
        for actual in 0..<n {
            for predicted in 0..<n {
                let share = rowShare(actual, predicted)
                let value = count(actual, predicted)
                let x = left + Double(predicted) * cell
                let y = top + Double(actual) * cell
                let tooltip =
                    "actual \(names[actual]), predicted \(names[predicted]): \(value) "
                    + "(\(ChartNumber.fixed(share * 100, decimals: 1))% of the row)"
                svg.rect(x: x, y: y, width: cell, height: cell, fill: Self.shade(share), tooltip: tooltip)
                svg.text(
                    x: x + cell / 2, y: y + cell / 2 + fontSize / 3, String(value), anchor: "middle", size: fontSize,
                    fill: share > 0.5 ? "#ffffff" : "#222")
            }
        }
        svg.open("g", ["fill": "none", "stroke": "#333"])
        svg.rect(x: left, y: top, width: side, height: side, fill: "none")
        svg.close("g")
        return svg.finish()
    }

    /// White at 0 to a deep blue (#08519c) at 1.
    static func shade(_ share: Double) -> String {
        let t = max(0, min(1, share.isFinite ? share : 0))
        func channel(_ from: Double, _ to: Double) -> Int { Int((from + (to - from) * t).rounded()) }
        return "rgb(\(channel(255, 8)),\(channel(255, 81)),\(channel(255, 156)))"
    }
}
