import ArgumentParser
import Foundation
import MLVCompute
import MLVPipeline
import MLVRepository

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the pipeline stages of mlv.yaml that are out of date.",
        discussion: """
            Stages run in dependency order. A stage whose plugin or command, parameters and input files \
            match an earlier run is not run again: its outputs are restored from the store (the run cache). \
            With --commit, the outputs are committed and the commit names the run records.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Run every asked-for stage even when the run cache has its outputs.") var force = false
    @Option(name: [.short, .customLong("jobs")], help: "Threads for training (default: MLV_THREADS, else all cores).")
    var jobs: Int?
    @Flag(help: "Commit the outputs, with the run records linked from the commit.") var commit = false
    @Option(name: [.short, .customLong("message")], help: "The commit message (with --commit).") var message: String?
    @Argument(help: "Stages to run, with what they need (default: all).") var stages: [String] = []

    func validate() throws {
        if message != nil && !commit { throw ValidationError("-m needs --commit") }
    }

    func run() throws {
        let repository = try global.openRepository()
        let environment = ProcessInfo.processInfo.environment
        var options = try RunOptions.command(repository: repository, jobs: jobs, environment: environment)
        options.targets = stages
        options.force = force
        let runner = PipelineRunner(repository: repository, options: options)
        let report = try runner.run()
        let committed = commit ? try runner.commit(report, message: message, identity: global.identity) : nil
        if global.json {
            var body: [String: Any] = [
                "stages": report.outcomes.map {
                    [
                        "stage": $0.stage, "status": $0.status.rawValue,
                        "fingerprint": $0.record.fingerprint.description,
                        "metrics": $0.record.metrics,
                    ] as [String: Any]
                }
            ]
            if let committed { body["commit"] = committed.id.description }
            try printJSON(body)
            return
        }
        guard !global.quiet else { return }
        for outcome in report.outcomes {
            let metrics = outcome.record.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.format($0.value))" }
            print(
                "\(outcome.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(outcome.stage)"
                    + (metrics.isEmpty ? "" : "  " + metrics.joined(separator: " ")))
        }
        if let committed {
            print(
                "[\(committed.branch?.shortName ?? "HEAD") \(committed.id.abbreviated)] \(committed.commit.message.split(separator: "\n").first ?? "")"
            )
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
    }
}
