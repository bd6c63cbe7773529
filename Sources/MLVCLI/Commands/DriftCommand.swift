import ArgumentParser
import MLVPipeline
import MLVRepository

/// `mlv drift <rev-a> <rev-b> [-- <path>...]`.
struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift", abstract: "Compare the tables of two revisions column by column for data drift.",
        discussion: """
            Numeric columns: PSI on the old side's quantile bins and the two-sample KS test; other \
            columns: PSI over categories and the chi-square test. Thresholds come from the flags, \
            else the drift: section of mlv.yaml, else the defaults. Every CSV/TSV table in both \
            revisions is compared, or those named after '--'. Exits 1 when a column drifted.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The reference revision.") var old: String
    @Argument(help: "The revision to compare with it.") var new: String
    @Option(name: .customLong("path"), help: .hidden) var paths: [String] = []
    @Option(help: "Drift when PSI is above this (default 0.2).") var psi: Double?
    @Option(name: .customLong("p-value"), help: "Drift when a test's p-value is below this (default 0.01).")
    var pValue: Double?
    @Option(help: "Drift when the missing-value rate moves by more than this (default 0.05).") var missing: Double?
    @Option(help: "PSI bins for numeric columns (default 10).") var bins: Int?

    func validate() throws {
        if let bins, bins < 2 { throw ValidationError("--bins must be at least 2") }
        if let pValue, !(0...1).contains(pValue) { throw ValidationError("--p-value must be from 0 to 1") }
    }

    func run() throws {
        let repository = try global.openRepository()
        var settings = DriftSettings()
        if let text = CheckRunner(repository: repository).worktreePipelineText() {
            settings = try PipelineFile.parseGates(text).drift
        }
        if let psi { settings.psi = psi }
        if let pValue { settings.pValue = pValue }
        if let missing { settings.missing = missing }
        if let bins { settings.bins = bins }
        let report = try Drift(repository: repository, settings: settings).compare(
            old, new, paths: global.paths(paths, in: repository))
        if global.json {
            try printJSON(DriftRenderer.json(report))
        } else {
            DriftRenderer.print(report)
        }
        if report.drifted { throw NegativeAnswer() }
    }
}
