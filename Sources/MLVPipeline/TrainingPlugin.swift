import Foundation
import MLVCompute

/// A parameter value from `mlv.yaml` or `params.yaml` (YAML's scalar and collection types).
public enum ParameterValue: Sendable, Equatable, Codable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([ParameterValue])
    case table([String: ParameterValue])
}

/// A plugin's parameters by name, with typed accessors whose errors name the parameter.
public struct PluginParameters: Sendable, Equatable, Codable {
    public var values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue] = [:]) { self.values = values }

    public subscript(name: String) -> ParameterValue? { values[name] }
}

/// Everything one run of a plugin gets: where its inputs and outputs are, its parameters, its
/// seed and the compute context. Paths are absolute.
public struct PluginRunContext: Sendable {
    /// The stage's `deps`, in the order `mlv.yaml` lists them.
    public var inputs: [URL]
    /// The stage's `outs`, in order; the plugin writes each of them.
    public var outputs: [URL]
    /// Where to write the metrics JSON, when the stage declares `metrics:`.
    public var metrics: URL?
    public var parameters: PluginParameters
    /// The run's seed (`seed` parameter, else 0): all randomness derives from it.
    public var seed: UInt64
    public var compute: ComputeContext

    public init(
        inputs: [URL], outputs: [URL], metrics: URL?, parameters: PluginParameters, seed: UInt64,
        compute: ComputeContext
    ) {
        self.inputs = inputs
        self.outputs = outputs
        self.metrics = metrics
        self.parameters = parameters
        self.seed = seed
        self.compute = compute
    }
}

/// What a run produced besides its output files.
public struct PluginRunResult: Sendable, Equatable {
    /// Named metrics (accuracy, rmse, …), also written to the metrics file when there is one.
    public var metrics: [String: Double]

    public init(metrics: [String: Double] = [:]) { self.metrics = metrics }
}

/// A trainer: turns input files and parameters into output files, deterministically (the same
/// inputs, parameters and seed give the same output bytes; docs/PLUGINS.md).
public protocol TrainingPlugin: Sendable {
    /// The name stages use (`plugin: mlp-classifier`).
    static var id: String { get }
    /// Changes whenever the plugin's outputs for the same inputs change; part of a run's identity.
    static var version: String { get }
    /// One line for `mlv plugins` and docs.
    static var summary: String { get }

    init()

    /// Checks parameters and the number of inputs and outputs before anything runs.
    func validate(_ parameters: PluginParameters, inputs: Int, outputs: Int) throws(PipelineError)

    /// Runs: reads `context.inputs`, writes every `context.outputs` file (and the metrics file).
    func run(_ context: PluginRunContext) throws -> PluginRunResult
}
