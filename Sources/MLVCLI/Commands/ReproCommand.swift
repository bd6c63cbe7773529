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
    @Argument(help: "The commit whose run to reproduce.") var revision = "HEAD"

    func run() throws {
        let repository = try global.openRepository()
        let environment = ProcessInfo.processInfo.environment
        let options = try RunOptions.command(repository: repository, jobs: jobs, environment: environment)
        let commit = try repository.resolveCommit(revision)
        let stages = try PipelineRunner(repository: repository, options: options).repro(commit)
        if global.json {
            try printJSON(
                stages.map {
                    [
                        "stage": $0.stage, "identical": $0.identical, "notes": $0.environmentNotes,
                        "differences": $0.differences.map { ["path": $0.path.rawValue, "summary": $0.summary] },
                    ] as [String: Any]
                })
        } else if !global.quiet {
            for stage in stages {
                print("\(stage.identical ? "identical" : "DIFFERENT") \(stage.stage)")
                for note in stage.environmentNotes { print("  note: \(note)") }
                for difference in stage.differences { print("  \(difference.path): \(difference.summary)") }
            }
        }
        if stages.contains(where: { !$0.identical }) { throw NegativeAnswer() }
    }
}
