import ArgumentParser
import Foundation
import MLVPipeline

/// `mlv eval --model <rev>:<path> --data <rev>:<path> [-o <file>]`.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Score a stored model on a stored table of any revision (evaluate plugin).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The model file, as <rev>:<path>.") var model: String
    @Option(help: "The table, as <rev>:<path>.") var data: String
    @Option(name: [.short, .customLong("output")], help: "Also write the metrics JSON to this file.")
    var output: String?
    @Option(help: "Compute threads.") var threads = 1

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let repository = try global.openRepository()
        let result = try ModelEvaluation(repository: repository).evaluate(model: model, data: data, threads: threads)
        if let output {
            let url =
                output.hasPrefix("/")
                ? URL(fileURLWithPath: output) : global.currentDirectory.appendingPathComponent(output)
            try Data(result.json).write(to: url)
        }
        if global.json {
            Swift.print(String(decoding: result.json, as: UTF8.self).trimmingCharacters(in: .newlines))
            return
        }
        var rows = [["metric", "value"]]
        for (name, value) in result.metrics.sorted(by: { $0.key < $1.key }) {
            rows.append([name, String(format: "%.6g", value)])
        }
        TableText.print(rows)
    }
}
