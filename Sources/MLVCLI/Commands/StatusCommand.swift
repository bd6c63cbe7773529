import ArgumentParser
import Foundation
import MLVPipeline
import MLVRepository

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the worktree status.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Short format: two status letters and the path.") var short = false
    @Flag(help: "Short format that stays stable across versions, for scripts.") var porcelain = false
    @Argument(help: "Limit to these paths.") var paths: [String] = []

    /// The out-of-date stages of `mlv.yaml`, or nil when there is none; a pipeline that does
    /// not parse is a warning here (status must still answer), and an error for `mlv run`.
    func staleStages(_ repository: Repository) throws -> [String]? {
        guard FileManager.default.fileExists(atPath: repository.layout.root.appendingPathComponent("mlv.yaml").path)
        else { return nil }
        let options = RunOptions(
            pluginNames: Set(BuiltinPlugins.all.map { $0.id }), plugins: { BuiltinPlugins.named($0) },
            mlvVersion: MLVCommand.configuration.version)
        do {
            return try PipelineRunner(repository: repository, options: options).outOfDateStages()
        } catch {
            Diagnostics.warn("mlv.yaml: \(error)")
            return nil
        }
    }

    func run() throws {
        let repository = try global.openRepository()
        let report = try repository.status(paths: paths.isEmpty ? [.root] : try global.paths(paths, in: repository))
        let stages = try staleStages(repository)
        if global.json {
            var body = StatusRenderer.json(report)
            if let stages { body["stages_out_of_date"] = stages }
            try printJSON(body)
        } else if short || porcelain {
            print(StatusRenderer.short(report), terminator: "")
        } else {
            print(StatusRenderer.long(report), terminator: "")
            if let stages, !stages.isEmpty {
                print("\nPipeline stages out of date:\n  (use \"mlv run\" to run them)")
                for stage in stages { print("\t\(stage)") }
            }
        }
    }
}
