import MLVRepository

/// One stage of `mlv.yaml`: what runs (a plugin or a shell command), what it reads and what it
/// writes, as validated by ``PipelineFile/parse(_:context:)``.
public struct Stage: Sendable, Equatable {
    /// What a stage runs.
    public enum Action: Sendable, Hashable {
        /// A built-in plugin or an external `mlv-plugin-<name>` executable, by name.
        case plugin(String)
        /// A shell command line, run by `/bin/sh -c` in the worktree root.
        case command(String)
    }

    /// How `params:` was written.
    public enum Params: Sendable, Equatable {
        /// `params: {lr: 0.1}`: the values themselves.
        case inline([String: ParameterValue])
        /// `params: [train.lr, seed]`: keys of `params.yaml`, dotted keys looking into mappings.
        case keys([String])
    }

    /// The stage's name, the key under `stages:`.
    public var name: String
    public var action: Action
    /// The files and folders it reads, in the order `mlv.yaml` lists them.
    public var deps: [RepoPath]
    public var params: Params
    /// The parameters the stage runs with: the inline mapping, or each listed key of
    /// `params.yaml` by its full dotted name (`train.lr`) with the value found there.
    public var resolvedParams: [String: ParameterValue]
    /// The files and folders it writes, in order.
    public var outs: [RepoPath]
    /// The metrics JSON file it writes, if any.
    public var metrics: RepoPath?

    public init(
        name: String, action: Action, deps: [RepoPath] = [], params: Params = .inline([:]),
        resolvedParams: [String: ParameterValue] = [:], outs: [RepoPath] = [], metrics: RepoPath? = nil
    ) {
        self.name = name
        self.action = action
        self.deps = deps
        self.params = params
        self.resolvedParams = resolvedParams
        self.outs = outs
        self.metrics = metrics
    }

    /// Everything the stage writes: its outs, then its metrics file.
    public var writes: [RepoPath] {
        metrics.map { outs + [$0] } ?? outs
    }

    /// The plugin's name, or nil for a command stage.
    public var pluginName: String? {
        if case .plugin(let name) = action { return name }
        return nil
    }
}
