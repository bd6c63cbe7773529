import Foundation
import MLVCompute

/// Finds a plugin's type by the name a stage uses.
public typealias PluginResolver = @Sendable (String) -> (any TrainingPlugin.Type)?

/// How `mlv run` runs a pipeline.
public struct RunOptions: Sendable {
    /// The stages asked for (with everything they need); empty for all.
    public var targets: [String] = []
    /// Run even when the run cache has the stage's outputs.
    public var force = false
    /// Threads for the compute core (`--jobs`, `MLV_THREADS`).
    public var threads = 1
    /// The plugins stages may name, and how to find them.
    public var pluginNames: Set<String>
    public var plugins: PluginResolver
    /// Finds the external plugin (`mlv-plugin-<name>`) a stage names when no built-in plugin
    /// has that name; the command layer searches `PATH` and `.mlv/plugins/`.
    public var externalPlugins: @Sendable (String) -> ExternalPlugin? = { _ in nil }
    /// The longest an external plugin's `describe` or `train` may run, in seconds.
    public var pluginTimeout: Double = 24 * 3600
    /// The running mlv's version, recorded in run records.
    public var mlvVersion: String
    /// The environment `cmd:` stages run with.
    public var commandEnvironment: [String: String] = [:]
    /// Seconds since 1970 now, for the start time and duration in run records; nil records none
    /// (the library never reads the clock itself).
    public var clock: (@Sendable () -> Double)?

    public init(pluginNames: Set<String>, plugins: @escaping PluginResolver, mlvVersion: String) {
        self.pluginNames = pluginNames
        self.plugins = plugins
        self.mlvVersion = mlvVersion
    }
}

/// What happened to one stage.
public struct StageOutcome: Sendable {
    public enum Status: String, Sendable {
        /// The stage ran.
        case ran
        /// The run cache had its outputs; they were restored from the store.
        case restored
        /// The worktree already held the outputs of a run with the same inputs.
        case upToDate = "up-to-date"
    }

    public var stage: String
    public var status: Status
    public var record: RunRecord
}

/// The result of `mlv run`: one outcome per stage, in the order they were considered.
public struct RunReport: Sendable {
    public var outcomes: [StageOutcome]

    /// The run records, one per stage, for `mlv run --commit`.
    public var records: [RunRecord] { outcomes.map(\.record) }
}
