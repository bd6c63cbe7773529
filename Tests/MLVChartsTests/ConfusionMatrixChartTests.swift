import MLVCharts
import Testing

@Suite struct ConfusionMatrixChartTests {
    @Test("one cell per pair with its count, shaded by its share of the row")
    func cells() throws {
        let chart = ConfusionMatrixChart(title: "evaluate", classes: ["no", "yes"], counts: [[50, 10], [5, 35]])
        let xml = try ParsedXML(chart.svg())
        let texts = xml.texts
        for expected in ["50", "10", "5", "35", "actual", "predicted", "no", "yes", "evaluate"] {
            #expect(texts.contains(expected), "missing \(expected)")
        }
        #expect(texts.filter { $0 == "no" }.count == 2)  // on both axes
        let cells = xml.all("rect").filter { $0.attributes["fill"]?.hasPrefix("rgb(") == true }
        #expect(cells.count == 4)
        #expect(abs(chart.rowShare(0, 0) - 50.0 / 60) < 1e-12)
        #expect(abs(chart.rowShare(1, 1) - 35.0 / 40) < 1e-12)
        // A larger share is darker: its red channel is lower.
        func red(_ index: Int) -> Int? {
            cells[index].attributes["fill"].flatMap { Int($0.dropFirst(4).split(separator: ",")[0]) }
        }
        #expect((red(0) ?? 0) < (red(1) ?? 0))
        #expect(xml.all("title").contains { $0.text == "actual no, predicted yes: 10 (16.7% of the row)" })
    }

    @Test("class names are escaped; missing names and cells are filled in")
    func escapingAndShape() throws {
        let chart = ConfusionMatrixChart(
            title: "<script>x</script>", classes: ["<script>", "a&b"], counts: [[1], [0, 2, 3]])
        let svg = chart.svg()
        #expect(!svg.contains("<script>"))
        let xml = try ParsedXML(svg)
        #expect(chart.size == 3)
        #expect(xml.texts.contains("<script>") && xml.texts.contains("a&b") && xml.texts.contains("class 2"))
        #expect(chart.count(0, 2) == 0)
        #expect(chart.rowShare(2, 0) == 0)
        #expect(chart.svg() == svg)
    }

    @Test("no classes gives an empty chart that says so")
    func empty() throws {
        let xml = try ParsedXML(ConfusionMatrixChart(title: "t", classes: [], counts: []).svg())
        #expect(xml.texts.contains("no data"))
    }
}
