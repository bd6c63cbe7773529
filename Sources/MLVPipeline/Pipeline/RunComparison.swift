import MLVRepository
import MLVStorage

/// How a run differs from a recorded one, field by field: what `mlv repro` reports.
///
/// Differences come in a fixed order (what ran, parameters and seed, inputs, outputs, metrics;
/// paths and names sorted), so the same two records always give the same report.
public struct RunComparison: Sendable, Equatable {
    /// One field that differs; nil on a side means absent there.
    public enum Difference: Sendable, Equatable {
        /// What ran or where: `plugin`, `plugin_version`, `cmd`, `plugin_digest`, `mlv_version`,
        /// `compute_version` or `kernel_variant` (the run record's field names).
        case environment(field: String, expected: String?, actual: String?)
        /// A resolved parameter, by key.
        case parameter(key: String, expected: ParameterValue?, actual: ParameterValue?)
        case seed(expected: UInt64, actual: UInt64)
        case input(RepoPath, expected: ObjectID?, actual: ObjectID?)
        case output(RepoPath, expected: ObjectID?, actual: ObjectID?)
        case metric(name: String, expected: Double?, actual: Double?)
    }

    /// Every difference, in report order; empty when the runs match.
    public let differences: [Difference]

    /// Compares the run `actual` with the recorded run `expected`.
    ///
    /// - Complexity: O(n log n) in the number of parameters, files and metrics.
    public init(expected: RunRecord, actual: RunRecord) {
        var differences: [Difference] = []
        let before = Self.environmentFields(expected)
        let after = Self.environmentFields(actual)
        for (index, (field, value)) in before.enumerated() where value != after[index].1 {
            differences.append(.environment(field: field, expected: value, actual: after[index].1))
        }
        for key in Set(expected.params.keys).union(actual.params.keys).sorted()
        where expected.params[key] != actual.params[key] {
            differences.append(.parameter(key: key, expected: expected.params[key], actual: actual.params[key]))
        }
        if expected.seed != actual.seed { differences.append(.seed(expected: expected.seed, actual: actual.seed)) }
        for path in Set(expected.inputs.keys).union(actual.inputs.keys).sorted()
        where expected.inputs[path] != actual.inputs[path] {
            differences.append(.input(path, expected: expected.inputs[path], actual: actual.inputs[path]))
        }
        for path in Set(expected.outputs.keys).union(actual.outputs.keys).sorted()
        where expected.outputs[path] != actual.outputs[path] {
            differences.append(.output(path, expected: expected.outputs[path], actual: actual.outputs[path]))
        }
        for name in Set(expected.metrics.keys).union(actual.metrics.keys).sorted()
        where expected.metrics[name] != actual.metrics[name] {
            differences.append(.metric(name: name, expected: expected.metrics[name], actual: actual.metrics[name]))
        }
        self.differences = differences
    }

    /// Whether every output file has the same id (and the same outputs exist): the
    /// bit-identical promise of docs/PLUGINS.md.
    public var outputsIdentical: Bool {
        !differences.contains { if case .output = $0 { true } else { false } }
    }

    /// Whether the runs ran the same code in the same kind of build: no `environment`
    /// difference. Outputs are promised to match only then (docs/PLUGINS.md).
    public var sameEnvironment: Bool {
        !differences.contains { if case .environment = $0 { true } else { false } }
    }

    /// The environment fields in report order.
    private static func environmentFields(_ record: RunRecord) -> [(String, String?)] {
        let environment = record.environment
        var plugin: String?
        var command: String?
        switch record.action {
        case .plugin(let id): plugin = id
        case .command(let text): command = text
        }
        return [
            ("plugin", plugin), ("plugin_version", environment.pluginVersion), ("cmd", command),
            ("plugin_digest", environment.pluginDigest?.description), ("mlv_version", environment.mlvVersion),
            ("compute_version", environment.computeVersion), ("kernel_variant", environment.kernelSignature),
        ]
    }
}
