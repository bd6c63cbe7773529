import Foundation
import MLVRepository

/// One entry of `checks:` in `mlv.yaml`: a gate `mlv check` evaluates (docs/PLUGINS.md, "checks").
///
/// ```yaml
/// checks:
///   - accuracy >= 0.9                            # a metric against a number (>=, >, <=, <, ==)
///   - train.accuracy > 0.8                       # stage-qualified when two stages report it
///   - accuracy: max_drop 0.01 vs main            # at most 0.01 below the baseline's value
///   - rmse: max_rise 0.05 vs main                # at most 0.05 above it
///   - drift data/train.csv: psi <= 0.25 vs main  # every column's PSI against the baseline
///   - drift data/train.csv:age: p_value >= 0.01 vs main   # one column
/// ```
public struct Check: Sendable, Equatable {
    /// A comparison operator of a threshold.
    public enum Comparison: String, Sendable, CaseIterable {
        case atLeast = ">="
        case atMost = "<="
        case equal = "=="
        case greater = ">"
        case less = "<"

        /// Whether `value <op> bound` holds.
        public func holds(_ value: Double, _ bound: Double) -> Bool {
            switch self {
            case .atLeast: value >= bound
            case .atMost: value <= bound
            case .equal: value == bound
            case .greater: value > bound
            case .less: value < bound
            }
        }
    }

    /// A drift statistic a check may bound; the worst column decides (largest, or smallest for `p_value`).
    public enum DriftStatistic: String, Sendable, CaseIterable {
        case psi
        case ks
        case pValue = "p_value"
        case missing
    }

    /// What the check compares.
    public enum Rule: Sendable, Equatable {
        /// `metric <op> number`.
        case threshold(metric: String, Comparison, Double)
        /// `metric: max_drop d vs rev`: the value may be at most `d` below the baseline's.
        case maxDrop(metric: String, Double, baseline: String)
        /// `metric: max_rise d vs rev`: the value may be at most `d` above the baseline's.
        case maxRise(metric: String, Double, baseline: String)
        /// `drift path[:column]: stat <op> number vs rev`.
        case drift(path: RepoPath, column: String?, DriftStatistic, Comparison, Double, baseline: String)
    }

    /// The check as written in `mlv.yaml`, for reports.
    public var text: String
    public var rule: Rule

    public init(text: String, rule: Rule) {
        self.text = text
        self.rule = rule
    }

    /// The metric the check reads, nil for a drift check.
    public var metric: String? {
        switch rule {
        case .threshold(let metric, _, _), .maxDrop(let metric, _, _), .maxRise(let metric, _, _): metric
        case .drift: nil
        }
    }

    /// Parses the `checks:` section: a list of checks.
    /// - Throws: `invalidPipeline` naming the check (its position and text) and what is wrong.
    static func parseList(_ value: YAMLValue, file: String) throws(PipelineError) -> [Check] {
        switch value {
        case .null: return []
        case .sequence(let items):
            var checks: [Check] = []
            for (index, item) in items.enumerated() {
                checks.append(try parse(item, prefix: "\(file): check \(index + 1)"))
            }
            return checks
        default:
            throw PipelineError(.invalidPipeline, "\(file): \"checks\" is \(value.typeName), not a list")
        }
    }

    /// Parses one check (a string, or a mapping with one entry).
    static func parse(_ value: YAMLValue, prefix: String) throws(PipelineError) -> Check {
        switch value {
        case .string(let text):
            // A quoted `"<key>: <body>"` reads like the one-key mapping it spells.
            if let separator = text.range(of: ": ") {
                let key = String(text[..<separator.lowerBound])
                let body = String(text[separator.upperBound...]).trimmingCharacters(in: .whitespaces)
                return try keyed(key, body, prefix: prefix)
            }
            guard let (metric, comparison, bound) = threshold(text) else {
                throw PipelineError(
                    .invalidPipeline, "\(prefix) \"\(text)\": expected <metric> <op> <number> (op: >=, >, <=, <, ==)")
            }
            return Check(text: text, rule: .threshold(metric: metric, comparison, bound))
        case .mapping(let entries) where entries.count == 1:
            let key = entries[0].key
            guard case .string(let body) = entries[0].value else {
                throw PipelineError(
                    .invalidPipeline, "\(prefix) \"\(key)\": the value is \(entries[0].value.typeName), not a string")
            }
            return try keyed(key, body, prefix: prefix)
        default:
            throw PipelineError(
                .invalidPipeline,
                "\(prefix) is \(value.typeName): write a string (accuracy >= 0.9) or one key (accuracy: max_drop 0.01 vs main)"
            )
        }
    }

    /// `<metric>: max_drop|max_rise <number> vs <rev>` or `drift <path>[:<column>]: <rule>`.
    private static func keyed(_ key: String, _ body: String, prefix: String) throws(PipelineError) -> Check {
        let text = "\(key): \(body)"
        if key.hasPrefix("drift ") { return try drift(key, body, text: text, prefix: prefix) }
        guard isMetricName(key) else {
            throw PipelineError(.invalidPipeline, "\(prefix) \"\(text)\": \"\(key)\" is not a metric name")
        }
        let words = body.split(separator: " ").map(String.init)
        guard words.count == 4, words[2] == "vs", let amount = Double(words[1]), amount >= 0, amount.isFinite,
            words[0] == "max_drop" || words[0] == "max_rise"
        else {
            throw PipelineError(
                .invalidPipeline,
                "\(prefix) \"\(text)\": expected max_drop <number> vs <revision> or max_rise <number> vs <revision>",
                hint: words.first.flatMap { Spelling.hint(for: $0, among: ["max_drop", "max_rise"]) })
        }
        let rule: Rule =
            words[0] == "max_drop"
            ? .maxDrop(metric: key, amount, baseline: words[3]) : .maxRise(metric: key, amount, baseline: words[3])
        return Check(text: text, rule: rule)
    }

    private static func drift(_ key: String, _ body: String, text: String, prefix: String) throws(PipelineError)
        -> Check
    {
        let target = key.dropFirst("drift ".count).trimmingCharacters(in: .whitespaces)
        var pathText = target
        var column: String?
        if let colon = target.lastIndex(of: ":") {
            pathText = String(target[..<colon])
            column = String(target[target.index(after: colon)...])
        }
        guard let path = RepoPath(pathText), !pathText.isEmpty, column?.isEmpty != true else {
            throw PipelineError(
                .invalidPipeline, "\(prefix) \"\(text)\": \"\(target)\" is not <path> or <path>:<column>")
        }
        let parts = body.components(separatedBy: " vs ")
        guard parts.count == 2, let (name, comparison, bound) = threshold(parts[0]),
            !parts[1].trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw PipelineError(
                .invalidPipeline, "\(prefix) \"\(text)\": expected <statistic> <op> <number> vs <revision>")
        }
        guard let statistic = DriftStatistic(rawValue: name) else {
            throw PipelineError(
                .invalidPipeline,
                "\(prefix) \"\(text)\": unknown drift statistic \"\(name)\" (psi, ks, p_value, missing)",
                hint: Spelling.hint(for: name, among: DriftStatistic.allCases.map(\.rawValue)))
        }
        let baseline = parts[1].trimmingCharacters(in: .whitespaces)
        return Check(
            text: text, rule: .drift(path: path, column: column, statistic, comparison, bound, baseline: baseline))
    }

    /// `name <op> number`, with or without spaces around the operator.
    static func threshold(_ text: String) -> (String, Comparison, Double)? {
        for comparison in Comparison.allCases {
            guard let range = text.range(of: comparison.rawValue) else { continue }
            let name = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let number = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard isMetricName(name), let bound = Double(number), bound.isFinite else { return nil }
            return (name, comparison, bound)
        }
        return nil
    }

    static func isMetricName(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0)
            }
    }
}
