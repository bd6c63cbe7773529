import MLVCharts
import Testing

@Suite struct ChartDocumentTests {
    static let charts = ["a", "b"].map { name in
        LineChart(
            title: name, xLabels: ["c1", "c2"], yLabel: "y", series: [LineChart.Series(name: name, values: [1, 2])]
        ).svg(width: 400, height: 200)
    }

    @Test("stacked charts form one SVG, each chart below the one before")
    func stacked() throws {
        let svg = ChartDocument.stacked(Self.charts, width: 400, height: 200, title: "<two>")
        let xml = try ParsedXML(svg)
        #expect(xml.all("svg").count == 3)
        #expect(xml.all("svg").first?.attributes["height"] == "400")
        #expect(
            xml.all("g").compactMap { $0.attributes["transform"] }.filter { $0.hasPrefix("translate") } == [
                "translate(0 0)", "translate(0 200)",
            ])
        #expect(xml.all("title").first?.text == "<two>")
    }

    @Test("the HTML page holds the charts and an escaped table, and no script")
    func html() throws {
        let page = ChartDocument.html(
            title: "a & b", subtitle: "<i>sub</i>", charts: Self.charts,
            table: ChartDocument.Table(
                header: ["commit", "value"], rows: [["<script>alert(1)</script>", "0.5"]], numericColumns: [1]))
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(!page.contains("<script>") && !page.contains("<i>"))
        #expect(page.contains("<td class=\"commit\">&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
        #expect(page.contains("<td class=\"number\">0.5</td>"))
        #expect(page.contains("<title>a &amp; b</title>"))
        #expect(
            !page.contains("http://")
                || !page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
        // The inline charts are the charts, byte for byte.
        for chart in Self.charts { #expect(page.contains(chart)) }
    }

    @Test("a series that joins its gaps draws one line across them")
    func joinsGaps() throws {
        let values: [Double?] = [1, nil, 3, nil, 5]
        let broken = LineChart(title: "t", xLabels: [], yLabel: "y", series: [.init(name: "s", values: values)])
        let joined = LineChart(
            title: "t", xLabels: [], yLabel: "y", series: [.init(name: "s", values: values, joinsGaps: true)])
        // The legend swatch, then: three lone markers, or one line of three points.
        #expect(try ParsedXML(broken.svg()).all("polyline").count == 1)
        let lines = try ParsedXML(joined.svg()).all("polyline")
        #expect(lines.count == 2)
        #expect(lines[1].attributes["points"]?.split(separator: " ").count == 3)
    }
}
