/// Builds SVG text element by element: attribute values escaped, coordinates with one decimal,
/// attributes in the order given, so the same calls give the same bytes.
struct SVGWriter {
    private(set) var text: String

    /// Opens the root `<svg>` (namespace, size, view box, font) and its `<title>`.
    init(width: Double, height: Double, title: String) {
        let w = ChartNumber.coordinate(width)
        let h = ChartNumber.coordinate(height)
        text = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
        text += " role=\"img\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
        text += "<title>\(SVGText.escape(title))</title>\n"
        text += "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
    }

    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        text += "<\(name)"
        for (key, value) in attributes { text += " \(key)=\"\(SVGText.escape(value))\"" }
        text += ">\n"
    }

    mutating func close(_ name: String) { text += "</\(name)>\n" }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String) {
        text += "<line x1=\"\(c(x1))\" y1=\"\(c(y1))\" x2=\"\(c(x2))\" y2=\"\(c(y2))\" stroke=\"\(stroke)\"/>\n"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, tooltip: String? = nil) {
        text += "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(width))\" height=\"\(c(height))\" fill=\"\(fill)\""
        if let tooltip {
            text += "><title>\(SVGText.escape(tooltip))</title></rect>\n"
        } else {
            text += "/>\n"
        }
    }

    mutating func polyline(_ points: String, dash: String) {
        text += "<polyline fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\""
        if !dash.isEmpty { text += " stroke-dasharray=\"\(dash)\"" }
        text += " points=\"\(points)\"/>\n"
    }

    /// A filled circle with a tooltip (its `<title>`), in the enclosing group's colour.
    mutating func marker(x: Double, y: Double, tooltip: String) {
        text += "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"3\"><title>\(SVGText.escape(tooltip))</title></circle>\n"
    }

    mutating func text(
        x: Double, y: Double, _ content: String, anchor: String = "start", size: Double? = nil,
        weight: String? = nil, fill: String = "#222", transform: String? = nil
    ) {
        text += "<text x=\"\(c(x))\" y=\"\(c(y))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\""
        if let size { text += " font-size=\"\(c(size))\"" }
        if let weight { text += " font-weight=\"\(weight)\"" }
        if let transform { text += " transform=\"\(transform)\"" }
        text += ">\(SVGText.escape(content))</text>\n"
    }

    /// The document, closed.
    mutating func finish() -> String {
        text += "</svg>\n"
        return text
    }

    private func c(_ value: Double) -> String { ChartNumber.coordinate(value) }
}

/// Where legend entries go: left to right, wrapping to new rows when the width runs out.
struct LegendLayout {
    static let rowHeight = 16.0
    var entries: [(name: String, dx: Double, row: Int)] = []
    var rows = 0

    init(names: [String], width: Double) {
        var x = 0.0
        var row = 0
        for name in names {
            let shown = SVGText.truncated(name, to: 40)
            let entryWidth = 26 + Double(shown.count) * 6.4 + 14
            if x > 0 && x + entryWidth > width {
                x = 0
                row += 1
            }
            entries.append((shown, x, row))
            x += entryWidth
        }
        rows = names.isEmpty ? 0 : row + 1
    }

    var height: Double { Double(rows) * Self.rowHeight }

    /// Draws a swatch (a short line in the series' colour and dash) and the name per entry.
    func draw(into svg: inout SVGWriter, x: Double, y: Double) {
        for (index, entry) in entries.enumerated() {
            let left = x + entry.dx
            let middle = y + Double(entry.row) * Self.rowHeight + Self.rowHeight / 2
            svg.open("g", ["fill": ChartPalette.color(index), "stroke": ChartPalette.color(index)])
            svg.polyline(
                "\(ChartNumber.coordinate(left)),\(ChartNumber.coordinate(middle)) "
                    + "\(ChartNumber.coordinate(left + 20)),\(ChartNumber.coordinate(middle))",
                dash: ChartPalette.dash(index))
            svg.close("g")
            svg.text(x: left + 26, y: middle + 4, entry.name)
        }
    }
}
