import ArgumentParser
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
        var runner = CheckRunner(repository: repository)
        let gates = try runner.gates(revision: revision)
        runner.drift = gates.drift
        let report = try runner.evaluate(gates.checks, at: revision ?? "HEAD")
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
