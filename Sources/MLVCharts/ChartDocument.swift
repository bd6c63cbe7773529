/// Charts put together: several SVG charts stacked in one SVG, or a self-contained HTML page of
/// charts and a table.
public enum ChartDocument {
    /// One `<svg>` holding `charts` (each a complete `<svg>` element as the charts here make,
    /// `width` × `height` each) one below the other.
    public static func stacked(_ charts: [String], width: Int, height: Int, title: String) -> String {
        let total = height * max(charts.count, 1)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(total)\""
        out += " viewBox=\"0 0 \(width) \(total)\">\n<title>\(SVGText.escape(title))</title>\n"
        for (index, chart) in charts.enumerated() {
            out += "<g transform=\"translate(0 \(index * height))\">\n\(chart)</g>\n"
        }
        return out + "</svg>\n"
    }

    /// A table of values for ``html(title:subtitle:charts:table:)``: a header row and rows of
    /// cells, all plain text (escaped when written).
    public struct Table: Sendable {
        public var header: [String]
        public var rows: [[String]]
        /// Columns (by index) whose cells are numbers: right-aligned, in a monospaced font.
        public var numericColumns: Set<Int>

        public init(header: [String], rows: [[String]], numericColumns: Set<Int> = []) {
            self.header = header
            self.rows = rows
            self.numericColumns = numericColumns
        }
    }

    /// A self-contained HTML5 page: inline CSS, the charts inline, then the table; no scripts
    /// and no external references. Every text is escaped.
    public static func html(title: String, subtitle: String? = nil, charts: [String], table: Table?) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(SVGText.escape(title))</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 960px; color: #222; padding: 0 1em; }
            h1 { font-size: 1.4em; }
            p.subtitle { color: #555; }
            figure { margin: 1.5em 0; }
            figure svg { max-width: 100%; height: auto; }
            table { border-collapse: collapse; font-size: 0.9em; margin-top: 1.5em; }
            th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top; }
            th { background: #f4f4f4; }
            td.number { text-align: right; font-family: Menlo, Consolas, monospace; }
            td.commit { font-family: Menlo, Consolas, monospace; white-space: nowrap; }
            div.table { overflow-x: auto; }
            </style>
            </head>
            <body>
            <h1>\(SVGText.escape(title))</h1>

            """
        if let subtitle { out += "<p class=\"subtitle\">\(SVGText.escape(subtitle))</p>\n" }
        for chart in charts { out += "<figure>\n\(chart)</figure>\n" }
        if let table {
            out += "<div class=\"table\">\n<table>\n<thead><tr>"
            for cell in table.header { out += "<th>\(SVGText.escape(cell))</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                out += "<tr>"
                for (column, cell) in row.enumerated() {
                    let kind = table.numericColumns.contains(column) ? "number" : column == 0 ? "commit" : nil
                    out += kind.map { "<td class=\"\($0)\">" } ?? "<td>"
                    out += SVGText.escape(cell) + "</td>"
                }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n</div>\n"
        }
        return out + "</body>\n</html>\n"
    }
}
