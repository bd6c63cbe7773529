/// A line chart of one or more series over shared x positions (commits, epochs …), drawn as a
/// self-contained SVG element.
///
/// The y axis covers every finite value with 5% padding, rounded out to nice ticks (1-2-5
/// steps). X labels are thinned to a 1-2-5 stride that fits the plot width, so a thousand
/// positions still read. A nil, NaN or infinite value is a gap: the line breaks there, and a
/// point with no neighbours shows as a marker. Markers are drawn on every point while there are
/// at most ``markerLimit`` positions, each with a tooltip. Output depends on the input alone.
public struct LineChart: Sendable {
    /// One line: its name (shown in the legend) and one value per x position.
    public struct Series: Sendable {
        public var name: String
        /// One value per x position; nil (or a value that is not finite) is no point.
        public var values: [Double?]
        /// Draw the line straight across missing values instead of breaking it: for series whose
        /// nil means "not one of this series' positions" (a branch's line over the commits of
        /// several branches) rather than "no value here".
        public var joinsGaps: Bool

        public init(name: String, values: [Double?], joinsGaps: Bool = false) {
            self.name = name
            self.values = values
            self.joinsGaps = joinsGaps
        }
    }

    public var title: String
    /// The x positions' labels, e.g. abbreviated commit ids.
    public var xLabels: [String]
    public var yLabel: String
    public var series: [Series]

    /// Up to this many x positions, every point gets a marker; beyond, only isolated points.
    public static let markerLimit = 60

    public init(title: String, xLabels: [String], yLabel: String, series: [Series]) {
        self.title = title
        self.xLabels = xLabels
        self.yLabel = yLabel
        self.series = series
    }

    /// The number of x positions: the labels, or the longest series when it is longer.
    public var positionCount: Int { series.reduce(xLabels.count) { max($0, $1.values.count) } }

    /// The y scale the chart draws: every finite value, padded by 5% of their range.
    public var yScale: NiceScale {
        var low = Double.infinity
        var high = -Double.infinity
        for series in series {
            for case let value? in series.values where value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        guard low <= high else { return NiceScale(minimum: 0, maximum: 1) }
        let pad = (high - low) * 0.05
        return NiceScale(minimum: low - pad, maximum: high + pad)
    }

    /// Every `stride`-th x position gets a label: the smallest 1-2-5 stride with room for them.
    public static func labelStride(count: Int, plotWidth: Double, labelWidth: Double) -> Int {
        guard count > 1, labelWidth > 0 else { return 1 }
        let fitting = max(1, Int(plotWidth / labelWidth))
        var stride = 1
        var base = 1
        while (count + stride - 1) / stride > fitting {
            if stride == base {
                stride = 2 * base
            } else if stride == 2 * base {
                stride = 5 * base
            } else {
                base *= 10
                stride = base
            }
        }
        return stride
    }

    /// A self-contained `<svg>` element (xmlns set, no external references, every text escaped),
    /// axes with ticks and labels, one polyline + markers per series, and a legend.
    /// - Complexity: O(series × positions).
    public func svg(width: Int = 720, height: Int = 360) -> String {
        let width = Double(max(width, 200))
        let height = Double(max(height, 160))
        var svg = SVGWriter(width: width, height: height, title: title)
        let legend = LegendLayout(names: series.map(\.name), width: width - 24)
        let top = 30 + legend.height + 6
        let left = 64.0
        // Room for half of the last x label past the plot's right edge.
        let longest = min(16, xLabels.reduce(1) { max($0, $1.count) })
        let right = max(16, Double(longest) * 3.3 - 8)
        let bottom = 44.0
        let plot = (x: left, y: top, width: max(20, width - left - right), height: max(20, height - top - bottom))
        svg.text(x: width / 2, y: 20, title, anchor: "middle", size: 14, weight: "bold")
        legend.draw(into: &svg, x: 12, y: 30)

        // Y axis: grid lines, tick labels, axis label.
        let scale = yScale
        func yPosition(_ value: Double) -> Double { plot.y + plot.height * (1 - scale.fraction(value)) }
        for tick in scale.ticks {
            let y = yPosition(tick)
            svg.line(x1: plot.x, y1: y, x2: plot.x + plot.width, y2: y, stroke: "#e5e5e5")
            svg.text(x: plot.x - 6, y: y + 4, scale.label(tick), anchor: "end")
        }
        svg.text(
            x: 14, y: plot.y + plot.height / 2, yLabel, anchor: "middle",
            transform: "rotate(-90 14 \(ChartNumber.coordinate(plot.y + plot.height / 2)))")

        // X axis: positions spread evenly; one position sits in the middle.
        let count = positionCount
        // Positions stay 8 units inside the axes, so end points do not sit on the y axis.
        let inset = 8.0
        func xPosition(_ index: Int) -> Double {
            count <= 1
                ? plot.x + plot.width / 2
                : plot.x + inset + (plot.width - 2 * inset) * Double(index) / Double(count - 1)
        }
        let stride = Self.labelStride(count: count, plotWidth: plot.width, labelWidth: Double(longest) * 6.6 + 12)
        svg.line(
            x1: plot.x, y1: plot.y + plot.height, x2: plot.x + plot.width, y2: plot.y + plot.height, stroke: "#333")
        svg.line(x1: plot.x, y1: plot.y, x2: plot.x, y2: plot.y + plot.height, stroke: "#333")
        for index in Swift.stride(from: 0, to: min(count, xLabels.count), by: stride) {
            let x = xPosition(index)
            let y = plot.y + plot.height
            svg.line(x1: x, y1: y, x2: x, y2: y + 4, stroke: "#333")
            svg.text(x: x, y: y + 16, SVGText.truncated(xLabels[index], to: 16), anchor: "middle")
        }
        if count == 0 || series.allSatisfy({ $0.values.allSatisfy { $0.map { !$0.isFinite } ?? true } }) {
            svg.text(x: plot.x + plot.width / 2, y: plot.y + plot.height / 2, "no data", anchor: "middle", fill: "#777")
        }

        // Series: a polyline per unbroken run, markers on points (or on isolated ones only).
        let allMarkers = count <= Self.markerLimit
        for (number, line) in series.enumerated() {
            let color = ChartPalette.color(number)
            svg.open("g", ["fill": color, "stroke": color])
            var run: [Int] = []
            func flush() {
                if run.count > 1 {
                    let points = run.map { index in
                        ChartNumber.coordinate(xPosition(index)) + ","
                            + ChartNumber.coordinate(yPosition(line.values[index] ?? 0))
                    }
                    svg.polyline(points.joined(separator: " "), dash: ChartPalette.dash(number))
                }
                if run.count == 1 || allMarkers {
                    for index in run {
                        let value = line.values[index] ?? 0
                        let label = index < xLabels.count ? xLabels[index] : String(index + 1)
                        svg.marker(
                            x: xPosition(index), y: yPosition(value),
                            tooltip: "\(line.name) @ \(label): \(ChartNumber.format(value))")
                    }
                }
                run.removeAll()
            }
            for (index, value) in line.values.enumerated() {
                if let value, value.isFinite {
                    run.append(index)
                } else if !line.joinsGaps {
                    flush()
                }
            }
            flush()
            svg.close("g")
        }
        return svg.finish()
    }
}
