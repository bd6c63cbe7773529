import ArgumentParser
import Foundation
import MLVCompute
import MLVPipeline
import MLVRepository

struct ReproCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repro", abstract: "Retrain a commit's outputs and prove them bit-identical.",
        discussion: """
            Runs every stage recorded in the commit's run records again, each in a scratch folder from \
            its recorded inputs, and compares each output with the committed bytes. Exits 0 when all are \
            identical, 1 when any differs (tensor files get a tensor diff summary).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("jobs")], help: "Threads for training (default: MLV_THREADS, else all cores).")
    var jobs: Int?
    @Option(name: .customLong("stage"), help: "Reproduce only this stage (repeatable).") var stage: [String] = []
    @Flag(help: "Keep the scratch folders (one per stage, under .mlv/repro/) and print where they are.")
    var keep = false
    @Argument(help: "The commit whose run to reproduce.") var revision = "HEAD"

    func run() throws {
        let repository = try global.openRepository()
        let environment = ProcessInfo.processInfo.environment
        let options = try RunOptions.command(repository: repository, jobs: jobs, environment: environment)
        let commit = try repository.resolveCommit(revision)
        let keepRoot = keep ? repository.layout.mlv.appendingPathComponent("repro/\(commit.abbreviated)") : nil
        let stages = try PipelineRunner(repository: repository, options: options).repro(
            commit, stages: stage.isEmpty ? nil : Set(stage), keep: keepRoot)
        if global.json {
            try printJSON(
                stages.map {
                    [
                        "stage": $0.stage, "identical": $0.identical, "notes": $0.environmentNotes,
                        "outputs": $0.outputs.map(\.rawValue),
                        "differences": $0.differences.map { ["path": $0.path.rawValue, "summary": $0.summary] },
                    ] as [String: Any]
                })
        } else if !global.quiet {
            // Notes on a different setup first, then one line per output.
            for stage in stages {
                for note in stage.environmentNotes { print("note: \(stage.stage): \(note)") }
                let differences = Dictionary(stage.differences.map { ($0.path, $0.summary) }) { a, _ in a }
                for output in stage.outputs {
                    if let summary = differences[output] {
                        print("differs    \(stage.stage)  \(output): \(summary)")
                    } else {
                        print("identical  \(stage.stage)  \(output)")
                    }
                }
                if let scratch = stage.scratch { print("kept       \(stage.stage)  \(scratch.path)") }
            }
        }
        if stages.contains(where: { !$0.identical }) { throw NegativeAnswer() }
    }
}
