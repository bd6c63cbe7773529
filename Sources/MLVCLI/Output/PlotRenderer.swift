import ArgumentParser
import Foundation
import MLVCharts
import MLVObjects
import MLVPipeline
import MLVRepository
import MLVStorage

/// `mlv plot`'s pictures: MLVCharts charts of a ``MetricPlot`` or a confusion matrix, as one SVG
/// or a self-contained HTML page; and their data as JSON.
enum PlotRenderer {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case svg, html
    }

    static let chartWidth = 760
    static let chartHeight = 360

    /// One chart per metric (a series per selection), stacked in one SVG; the HTML page adds a
    /// table of every value per commit.
    static func render(_ plot: MetricPlot, selections: [String], as format: Format) -> String {
        let xLabels = plot.commits.map { String($0.commit.description.prefix(7)) }
        let charts = plot.metrics.map { metric in
            LineChart(
                title: metric, xLabels: xLabels, yLabel: metric,
                series: plot.series(of: metric).map {
                    LineChart.Series(name: $0.selection ?? metric, values: $0.values, joinsGaps: $0.selection != nil)
                }
            ).svg(width: chartWidth, height: chartHeight)
        }
        let title = "mlv plot: " + plot.metrics.joined(separator: ", ")
        guard format == .html else {
            return charts.count == 1
                ? charts[0] : ChartDocument.stacked(charts, width: chartWidth, height: chartHeight, title: title)
        }
        let columns = plot.series.map { series in series.selection.map { "\(series.metric) (\($0))" } ?? series.metric }
        let rows = plot.commits.enumerated().map { position, point in
            [point.commit.abbreviated, date(point.time), point.subject]
                + plot.series.map { $0.values[position].map { ChartNumber.format($0, significant: 6) } ?? "" }
        }
        let table = ChartDocument.Table(
            header: ["commit", "date", "subject"] + columns, rows: rows, numericColumns: Set(3..<(3 + columns.count)))
        let subtitle =
            "\(plot.commits.count) run commit\(plot.commits.count == 1 ? "" : "s") of "
            + selections.joined(separator: ", ") + ", oldest first"
        return ChartDocument.html(title: title, subtitle: subtitle, charts: charts, table: table)
    }

    /// The matrix as a chart; the HTML page adds the counts as a table.
    static func render(_ matrix: RunHistory.ConfusionMatrix, as format: Format) -> String {
        let title = "\(matrix.stage) at \(matrix.commit.abbreviated): confusion matrix"
        let chart = ConfusionMatrixChart(title: title, classes: matrix.classes, counts: matrix.counts).svg()
        guard format == .html else { return chart }
        let table = ChartDocument.Table(
            header: ["actual \\ predicted"] + matrix.classes,
            rows: zip(matrix.classes, matrix.counts).map { [$0] + $1.map(String.init) },
            numericColumns: Set(1..<(1 + matrix.classes.count)))
        return ChartDocument.html(
            title: title, subtitle: "from \(matrix.path.rawValue); rows are actual classes, columns predicted",
            charts: [chart], table: table)
    }

    static func json(_ plot: MetricPlot) -> [String: Any] {
        [
            "commits": plot.commits.map {
                ["id": $0.commit.description, "time": $0.time, "subject": $0.subject] as [String: Any]
            },
            "series": plot.series.map {
                [
                    "metric": $0.metric, "selection": $0.selection as Any,
                    "values": $0.values.map { $0 as Any },
                ] as [String: Any]
            },
        ]
    }

    static func json(_ matrix: RunHistory.ConfusionMatrix) -> [String: Any] {
        [
            "commit": matrix.commit.description, "stage": matrix.stage, "path": matrix.path.rawValue,
            "classes": matrix.classes, "counts": matrix.counts,
        ]
    }

    /// `2026-11-29 05:41` (UTC) for a commit time.
    static func date(_ time: Int64) -> String {
        CivilTime(unixSeconds: time).minuteText
    }
}
