import ArgumentParser
import Foundation
import MLVCharts
import MLVPipeline
import MLVRepository
import MLVStorage

/// `mlv plot <metric>... [--revs <range>]... -o <file>.svg|.html`, `mlv plot --confusion <rev> -o …`.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot", abstract: "Draw metrics across commits, or a confusion matrix, as SVG or HTML.",
        discussion: """
            Metrics are named 'stage.metric' or, when one stage reports it, 'metric'. Each metric gets \
            a chart; each --revs a series in it. The .html page adds a table of the values per commit.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Metrics to draw ('accuracy' or 'train.accuracy').") var metrics: [String] = []
    @Option(
        help: ArgumentHelp(
            "A revision or range 'a..b' to draw (default HEAD); repeat for a series per branch.", valueName: "rev"))
    var revs: [String] = []
    @Option(
        help: ArgumentHelp("Draw the confusion matrix of the latest run at or before <rev> instead.", valueName: "rev"))
    var confusion: String?
    @Option(help: ArgumentHelp("With --confusion: the stage whose matrix to draw.", valueName: "name")) var stage:
        String?
    @Option(
        name: [.customShort("n"), .customLong("max-count")],
        help: ArgumentHelp("Draw at most the newest <n> run commits.", valueName: "n"))
    var count: Int?
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("The file to write (.svg or .html; '-' for stdout).", valueName: "file"))
    var output: String?
    @Option(help: "The format for '-o -': svg (default) or html.") var format: PlotRenderer.Format?

    func validate() throws {
        if confusion == nil && metrics.isEmpty { throw ValidationError("name a metric to plot, or --confusion <rev>") }
        if confusion != nil && !metrics.isEmpty { throw ValidationError("--confusion draws no metrics; drop them") }
        if confusion != nil && !revs.isEmpty { throw ValidationError("--confusion takes its revision itself") }
        if stage != nil && confusion == nil { throw ValidationError("--stage goes with --confusion") }
        if let count, count <= 0 { throw ValidationError("--max-count must be positive, got \(count)") }
        if !global.json {
            guard let output else { throw ValidationError("name the file to write with -o <file>.svg|.html") }
            _ = try outputFormat(output)
        }
    }

    /// The format `-o` asks for: by extension, or `--format` for stdout.
    func outputFormat(_ output: String) throws -> PlotRenderer.Format {
        if output == "-" { return format ?? .svg }
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard let byExtension = PlotRenderer.Format(rawValue: ext == "htm" ? "html" : ext) else {
            throw ValidationError("cannot write '\(output)': the file name must end in .svg or .html")
        }
        if let format, format != byExtension {
            throw ValidationError("'\(output)' is \(byExtension.rawValue), but --format says \(format.rawValue)")
        }
        return byExtension
    }

    func run() throws {
        let repository = try global.openRepository()
        let history = RunHistory(repository: repository)
        if let confusion {
            let matrix = try history.confusionMatrix(at: repository.resolveCommit(confusion), stage: stage)
            if global.json { return try printJSON(PlotRenderer.json(matrix)) }
            try write(PlotRenderer.render(matrix, as: outputFormat(output ?? "-")))
            return
        }
        var selections: [MetricPlot.Selection] = []
        for revision in revs.isEmpty ? ["HEAD"] : revs {
            if let range = revisionRange(revision) {
                selections.append(
                    MetricPlot.Selection(
                        label: revision, tips: [try repository.resolveCommit(range.to)],
                        excluding: [try repository.resolveCommit(range.from)]))
            } else {
                selections.append(MetricPlot.Selection(label: revision, tips: [try repository.resolveCommit(revision)]))
            }
        }
        let plot = try history.metricPlot(metrics, selections: selections, limit: count)
        if global.json { return try printJSON(PlotRenderer.json(plot)) }
        let labels = selections.map(\.label)
        try write(PlotRenderer.render(plot, selections: labels, as: outputFormat(output ?? "-")))
    }

    /// Writes `text` to `-o`: stdout for '-', else a temp file beside the target renamed over it.
    private func write(_ text: String) throws {
        guard let output, output != "-" else { return FileHandleOutput.stdout(text) }
        let base = global.currentDirectory
        let url = output.hasPrefix("/") ? URL(fileURLWithPath: output) : base.appendingPathComponent(output)
        let folder = url.deletingLastPathComponent()
        guard (try? folder.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true else {
            throw MLVCLIError("cannot write '\(output)': there is no folder '\(folder.path)'")
        }
        try AtomicFile.write(Array(text.utf8), to: url, temporaryDirectory: folder)
    }
}
