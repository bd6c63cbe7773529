import MLVCharts
import MLVObjects
import MLVPipeline
import MLVRepository
import MLVStorage

/// `/<repo>/-/metrics/<rev>`: every numeric metric of the run records reachable from a revision
/// (the newest ``WebUI/Options/metricsCommitLimit`` run commits), oldest first: a line chart per
/// metric (``LineChart``; `?metric=<name>` shows one) and a table of the values per commit.
struct MetricsPage {
    let context: RepositoryContext
    let revision: String

    /// Metrics charted at once without `?metric=`.
    static let chartLimit = 8

    func render() throws -> String {
        let revision = revision.isEmpty ? "HEAD" : revision
        let tip = try context.resolve(revision)
        let key = context.repository.layout.root.path + "\n" + tip.description
        let points = try context.ui.metricsCache.value(key) {
            try RunHistory(repository: context.repository).metricHistory(
                from: [tip], limit: context.options.metricsCommitLimit)
        }
        let title = "Metrics at \(revision)"
        guard !points.isEmpty else {
            let body = "<p class=\"muted\">No commit reachable from \(HTML.escape(revision)) names run records.</p>"
            return context.page(title, revision: revision, body)
        }
        let names = Set(points.flatMap(\.metrics.keys)).sorted()
        var body = "<p>\(points.count) commit\(points.count == 1 ? "" : "s") with run records, "
        body += "\(names.count) metric\(names.count == 1 ? "" : "s").</p>"
        let here = context.url("metrics", HTML.path(revision))
        var charted = names
        if let chosen = context.query["metric"] {
            guard names.contains(chosen) else { throw WebError.notFound("no metric '\(chosen)' at '\(revision)'") }
            charted = [chosen]
            body += "<p>\(HTML.link(here, "all metrics"))</p>"
        } else if names.count > MetricsPage.chartLimit {
            charted = Array(names.prefix(MetricsPage.chartLimit))
            body += "<p class=\"notice\">Charting the first \(MetricsPage.chartLimit) metrics; pick another: "
            body += names.dropFirst(MetricsPage.chartLimit).map { HTML.link("\(here)?metric=\(HTML.segment($0))", $0) }
                .joined(separator: " · ")
            body += "</p>"
        }
        let labels = points.map { String($0.commit.description.prefix(7)) }
        for name in charted {
            let chart = LineChart(
                title: name, xLabels: labels, yLabel: name,
                series: [LineChart.Series(name: name, values: points.map { $0.metrics[name] })])
            body += "<figure>\(chart.svg(width: 760, height: 280))</figure>"
        }
        body += "<h2>Values</h2><table><tr><th>commit</th><th>date</th><th>subject</th>"
        for name in names {
            body += "<th class=\"n\">\(HTML.link("\(here)?metric=\(HTML.segment(name))", name))</th>"
        }
        body += "</tr>"
        for point in points.reversed() {
            body += "<tr><td>\(context.commitLink(point.commit))</td>"
            body += "<td class=\"muted\">\(HTML.date(Signature(name: "", email: "", time: point.time)))</td>"
            body += "<td>\(HTML.escape(point.subject))</td>"
            for name in names { body += "<td class=\"n\">\(point.metrics[name].map(HTML.number) ?? "")</td>" }
            body += "</tr>"
        }
        body += "</table>"
        return context.page(title, revision: revision, body)
    }
}
