import Foundation
import MLVObjects
import MLVRepository
import MLVStorage

/// The outcome of one check.
public struct CheckResult: Sendable, Equatable {
    public var check: String
    /// The value checked (the metric, or the worst column's drift statistic), nil when missing.
    public var value: Double?
    /// The baseline's value (`max_drop`/`max_rise`), or the bound of a threshold.
    public var baseline: Double?
    public var passed: Bool
    /// Why it failed (or what the value belongs to, for drift checks).
    public var reason: String?
}

/// What `mlv check` found: every check's result, and the run whose metrics were read.
public struct CheckReport: Sendable {
    /// The commit whose run records gave the metrics; nil when no check needed them.
    public var runCommit: ObjectID?
    public var results: [CheckResult]
    public var passed: Bool { results.allSatisfy(\.passed) }
}

/// Evaluates `checks:` against the latest run at or before a revision (docs/CLI.md, "mlv check").
///
/// A check whose metric or column is missing fails with the reason; an unknown revision (the
/// checked one or a baseline), or no run at or before the checked revision when a check reads
/// metrics, is an error.
public struct CheckRunner {
    public let repository: Repository
    public var drift: DriftSettings

    public init(repository: Repository, drift: DriftSettings = DriftSettings()) {
        self.repository = repository
        self.drift = drift
    }

    /// The text of `mlv.yaml` in `commit`, nil when the commit has none.
    public func pipelineText(at commit: ObjectID) throws -> String? {
        guard let path = RepoPath(PipelineFile.fileName),
            let entry = try repository.entry(at: path, inTree: repository.commit(commit).tree), entry.mode != .directory
        else { return nil }
        var bytes: [UInt8] = []
        try repository.readFile(entry.id) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of the worktree's `mlv.yaml`, nil when there is none.
    public func worktreePipelineText() -> String? {
        guard let path = RepoPath(PipelineFile.fileName) else { return nil }
        let url = repository.layout.worktreeURL(path)
        return FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The `checks:` and `drift:` that `mlv check` applies: the worktree's `mlv.yaml` when no
    /// revision is named (HEAD's when the worktree has none), else that revision's.
    /// - Throws: `invalidPipeline` when there is no `mlv.yaml` or it has no checks, or what
    ///   parsing it throws; `RepositoryError.unknownRevision`.
    public func gates(revision: String?) throws -> (checks: [Check], drift: DriftSettings) {
        let target = revision ?? "HEAD"
        var text = revision == nil ? worktreePipelineText() : nil
        if text == nil { text = try pipelineText(at: repository.resolveCommit(target)) }
        guard let text else {
            throw PipelineError(.invalidPipeline, "no \(PipelineFile.fileName) in '\(target)'")
        }
        let gates = try PipelineFile.parseGates(text)
        guard !gates.checks.isEmpty else {
            throw PipelineError(
                .invalidPipeline, "\(PipelineFile.fileName) has no checks", hint: "add a checks: list (docs/PLUGINS.md)"
            )
        }
        return gates
    }

    /// Evaluates `checks` at `revision`.
    /// - Throws: `RepositoryError.unknownRevision`; `PipelineError.invalidInput` when a metric check
    ///   has no run at or before `revision` to read, or a drift check's table cannot be read.
    public func evaluate(_ checks: [Check], at revision: String) throws -> CheckReport {
        let commit = try repository.resolveCommit(revision)
        let history = RunHistory(repository: repository)
        var run: (commit: ObjectID, records: [RunRecord])?
        if checks.contains(where: { $0.metric != nil }) {
            guard let found = try history.latestRun(from: commit) else {
                throw PipelineError(
                    .invalidInput, "no run recorded at or before '\(revision)'",
                    hint: "record one with 'mlv run --commit'")
            }
            run = found
        }
        var results: [CheckResult] = []
        for check in checks {
            results.append(try evaluate(check, revision: revision, records: run?.records ?? [], history: history))
        }
        return CheckReport(runCommit: run?.commit, results: results)
    }

    func evaluate(_ check: Check, revision: String, records: [RunRecord], history: RunHistory) throws -> CheckResult {
        var result = CheckResult(check: check.text, passed: false)
        switch check.rule {
        case .threshold(let metric, let comparison, let bound):
            result.baseline = bound
            switch Self.metric(metric, in: records) {
            case .failure(let reason): result.reason = reason.description
            case .success(let value):
                result.value = value
                result.passed = comparison.holds(value, bound)
                if !result.passed { result.reason = "\(format(value)) is not \(comparison.rawValue) \(format(bound))" }
            }
        case .maxDrop(let metric, let amount, let baseline), .maxRise(let metric, let amount, let baseline):
            let drop = if case .maxDrop = check.rule { true } else { false }
            guard case .success(let value) = Self.metric(metric, in: records) else {
                if case .failure(let reason) = Self.metric(metric, in: records) { result.reason = reason.description }
                return result
            }
            result.value = value
            let baselineCommit = try repository.resolveCommit(baseline)
            guard let base = try history.latestRun(from: baselineCommit) else {
                result.reason = "no run recorded at or before '\(baseline)'"
                return result
            }
            switch Self.metric(metric, in: base.records) {
            case .failure(let reason): result.reason = "baseline '\(baseline)': \(reason)"
            case .success(let old):
                result.baseline = old
                let change = value - old
                result.passed = drop ? change >= -amount : change <= amount
                if !result.passed {
                    result.reason =
                        drop
                        ? "dropped by \(format(-change)) > \(format(amount))"
                        : "rose by \(format(change)) > \(format(amount))"
                }
            }
        case .drift(let path, let column, let statistic, let comparison, let bound, let baseline):
            result.baseline = bound
            let report = try Drift(repository: repository, settings: drift).compare(baseline, revision, paths: [path])
            let columns = (report.tables.first?.columns ?? []).filter { column == nil || $0.column == column }
            guard !columns.isEmpty else {
                result.reason = "column '\(column ?? "")' is not in '\(path)'"
                return result
            }
            var worst: (value: Double, column: String)?
            for row in columns {
                guard let value = Self.statistic(statistic, of: row) else {
                    if row.kind == .schema {
                        result.reason = "column '\(row.column)': \(row.reasons.joined(separator: ", "))"
                        return result
                    }
                    continue
                }
                let isWorse =
                    statistic == .pValue ? value < (worst?.value ?? .infinity) : value > (worst?.value ?? -.infinity)
                if isWorse { worst = (value, row.column) }
            }
            guard let worst else {
                result.reason = "no column of '\(path)' has a \(statistic.rawValue)"
                return result
            }
            result.value = worst.value
            result.passed = comparison.holds(worst.value, bound)
            result.reason =
                "column '\(worst.column)'"
                + (result.passed ? "" : ": \(format(worst.value)) is not \(comparison.rawValue) \(format(bound))")
        }
        return result
    }

    /// The value of `statistic` for one compared column, nil when the column has none.
    static func statistic(_ statistic: Check.DriftStatistic, of row: ColumnDrift) -> Double? {
        switch statistic {
        case .psi: row.psi
        case .ks: row.ksStatistic
        case .pValue: row.ksPValue ?? row.chiSquarePValue
        case .missing:
            row.before.flatMap { before in row.after.map { abs($0.missingRate - before.missingRate) } }
        }
    }

    /// Finds `name` (or `stage.name`) among the records' metrics.
    static func metric(_ name: String, in records: [RunRecord]) -> Result<Double, MetricLookupFailure> {
        if let dot = name.firstIndex(of: "."),
            let record = records.first(where: { $0.stage == String(name[..<dot]) })
        {
            let metric = String(name[name.index(after: dot)...])
            if let value = record.metrics[metric] { return .success(value) }
            return .failure(
                MetricLookupFailure(
                    "stage '\(record.stage)' reported no metric '\(metric)'"
                        + suggestion(metric, among: record.metrics.keys)))
        }
        let holders = records.filter { $0.metrics[name] != nil }.sorted { $0.stage < $1.stage }
        switch holders.count {
        case 0:
            let all = records.flatMap { record in record.metrics.keys.map { [$0, "\(record.stage).\($0)"] }.joined() }
            return .failure(MetricLookupFailure("metric '\(name)' is not in the run" + suggestion(name, among: all)))
        case 1:
            return .success(holders[0].metrics[name] ?? .nan)
        default:
            let names = holders.map { "\($0.stage).\(name)" }.joined(separator: ", ")
            return .failure(MetricLookupFailure("metric '\(name)' is reported by several stages: write \(names)"))
        }
    }

    private static func suggestion(_ name: String, among names: some Sequence<String>) -> String {
        Spelling.suggestion(for: name, among: Set(names)).map { " (did you mean '\($0)'?)" } ?? ""
    }

    private func format(_ value: Double) -> String { CanonicalJSON.format(value) }
}

/// Why a metric could not be read: a failing check's reason, not an error.
struct MetricLookupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
