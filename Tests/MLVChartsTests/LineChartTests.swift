import MLVCharts
import Testing

@Suite struct LineChartTests {
    static let chart = LineChart(
        title: "accuracy", xLabels: ["a1b2c3d", "b2c3d4e", "c3d4e5f", "d4e5f6a"], yLabel: "value",
        series: [
            LineChart.Series(name: "train.accuracy", values: [0.8, 0.85, 0.9, 0.92]),
            LineChart.Series(name: "evaluate.accuracy", values: [0.78, nil, 0.86, 0.1 + 0.2]),
        ])

    @Test("the SVG parses as XML, with the title, labels, legend and one polyline per unbroken run")
    func wellFormed() throws {
        let svg = Self.chart.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let xml = try ParsedXML(svg)
        #expect(xml.all("title").first?.text == "accuracy")
        #expect(xml.texts.contains("a1b2c3d") && xml.texts.contains("d4e5f6a"))
        #expect(xml.texts.contains("train.accuracy") && xml.texts.contains("evaluate.accuracy"))
        #expect(xml.texts.contains("value"))
        // Legend swatches (2) + train (1 run) + evaluate (a gap, then a run of two points).
        #expect(xml.all("polyline").count == 2 + 1 + 1)
        // Every present point has a marker with a tooltip of its value, written short.
        let tooltips = xml.all("circle").count
        #expect(tooltips == 4 + 3)
        #expect(svg.contains("evaluate.accuracy @ d4e5f6a: 0.3"))
        #expect(!svg.contains("0.30000000000000004"))
        #expect(!svg.contains("href"))
    }

    @Test("nil, NaN and infinite values break the line; an isolated point is a marker")
    func gaps() throws {
        let chart = LineChart(
            title: "t", xLabels: (0..<7).map { "c\($0)" }, yLabel: "y",
            series: [LineChart.Series(name: "s", values: [1, 2, nil, 3, .nan, 4, .infinity])])
        let xml = try ParsedXML(chart.svg())
        let lines = xml.all("polyline").compactMap { $0.attributes["points"] }
        // The legend's swatch, then the run c0–c1; c3 and c5 stand alone.
        #expect(lines.count == 2)
        #expect(lines[1].split(separator: " ").count == 2)
        #expect(xml.all("circle").count == 4)
        #expect(!xml.elements.contains { ($0.attributes["cy"] ?? "").contains("nan") })
    }

    @Test("a series of one point draws a marker")
    func singlePoint() throws {
        let chart = LineChart(
            title: "one", xLabels: ["abc"], yLabel: "y", series: [LineChart.Series(name: "s", values: [0.5])])
        let xml = try ParsedXML(chart.svg())
        #expect(xml.all("circle").count == 1)
        #expect(xml.all("polyline").count == 1)  // the legend swatch only
    }

    @Test("titles, series names and labels are escaped")
    func escaping() throws {
        let chart = LineChart(
            title: "<script>alert(1)</script> & co", xLabels: ["<b>x</b>"], yLabel: "a \"quoted\" 'y'",
            series: [LineChart.Series(name: "<script>evil()</script>&amp;", values: [1])])
        let svg = chart.svg()
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
        #expect(svg.contains("&amp;amp;"))
        let xml = try ParsedXML(svg)
        #expect(xml.all("title").first?.text == "<script>alert(1)</script> & co")
        #expect(xml.texts.contains("<script>evil()</script>&amp;"))
        #expect(xml.texts.contains("a \"quoted\" 'y'"))
        #expect(xml.all("script").isEmpty)
        #expect(SVGText.escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;")
        #expect(SVGText.escape("bell\u{07}") == "bell\u{FFFD}")
    }

    @Test("the same input gives the same bytes")
    func deterministic() {
        let names = ["z", "a", "m", "b", "q", "c", "x", "d", "y", "e", "w", "f"]
        let series = names.enumerated().map { index, name in
            LineChart.Series(name: name, values: (0..<30).map { Double(($0 * 7 + index) % 11) / 10 })
        }
        let chart = LineChart(title: "t", xLabels: (0..<30).map { "c\($0)" }, yLabel: "y", series: series)
        #expect(chart.svg() == chart.svg())
        #expect(chart.svg() == LineChart(title: "t", xLabels: chart.xLabels, yLabel: "y", series: series).svg())
        // More series than colours: the eleventh repeats the first colour with a dash.
        #expect(chart.svg().contains("stroke-dasharray=\"6 3\""))
    }

    @Test("a thousand commits render with thinned labels and no per-point markers")
    func manyPoints() throws {
        let count = 1000
        let labels = (0..<count).map { "commit\($0)" }
        let values: [Double?] = (0..<count).map { (index: Int) -> Double? in
            index % 97 == 0 ? nil : 0.5 + Double(index % 50) / 100
        }
        let chart = LineChart(
            title: "history", xLabels: labels, yLabel: "accuracy",
            series: [LineChart.Series(name: "accuracy", values: values)])
        let xml = try ParsedXML(chart.svg())
        let shown = xml.texts.filter { $0.hasPrefix("commit") }
        #expect(shown.count >= 4 && shown.count <= 12)
        #expect(shown.first == "commit0")
        #expect(xml.all("circle").isEmpty)
        #expect(xml.all("polyline").count == 1 + 11)  // the swatch, and 11 runs between the gaps
    }

    @Test("an empty chart says so")
    func empty() throws {
        let xml = try ParsedXML(LineChart(title: "nothing", xLabels: [], yLabel: "y", series: []).svg())
        #expect(xml.texts.contains("no data"))
    }
}
