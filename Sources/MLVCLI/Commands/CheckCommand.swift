import ArgumentParser
import Foundation
import MLVPipeline
import MLVRepository

/// `mlv check [<rev>]`: evaluates the `checks:` of `mlv.yaml` against the latest recorded run.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate the checks of mlv.yaml (metric and drift gates); exit 1 on a failure.",
        discussion: """
            Without a revision: HEAD's latest run and the worktree's mlv.yaml (HEAD's when the \
            worktree has none). With one: that revision's mlv.yaml and its latest run.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The revision (default HEAD).") var revision: String?

    func run() throws {
        let repository = try global.openRepository()
        let runner = CheckRunner(repository: repository)
        let target = revision ?? "HEAD"
        let commit = try repository.resolveCommit(target)
        var text: String?
        if revision == nil {
            let url = repository.layout.worktreeURL(RepoPath(PipelineFile.fileName) ?? .root)
            text = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
        }
        if text == nil { text = try runner.pipelineText(at: commit) }
        guard let text else {
            throw PipelineError(.invalidPipeline, "no \(PipelineFile.fileName) in '\(target)'")
        }
        let gates = try PipelineFile.parseGates(text)
        guard !gates.checks.isEmpty else {
            throw PipelineError(
                .invalidPipeline, "\(PipelineFile.fileName) has no checks", hint: "add a checks: list (docs/PLUGINS.md)"
            )
        }
        var checked = runner
        checked.drift = gates.drift
        let report = try checked.evaluate(gates.checks, at: target)
        if global.json {
            try printJSON([
                "passed": report.passed, "run": report.runCommit?.description as Any,
                "checks": report.results.map { result -> [String: Any] in
                    [
                        "check": result.check, "value": result.value as Any, "baseline": result.baseline as Any,
                        "passed": result.passed, "reason": result.reason as Any,
                    ]
                },
            ])
        } else {
            var rows = [["check", "value", "baseline", "verdict", "reason"]]
            for result in report.results {
                rows.append([
                    result.check, DriftRenderer.number(result.value), DriftRenderer.number(result.baseline),
                    result.passed ? "pass" : "FAIL", result.reason ?? "",
                ])
            }
            TableText.print(rows)
        }
        if !report.passed { throw NegativeAnswer() }
    }
}
