import MLVRepository

/// What ``PipelineFile/parse(_:context:)`` needs from outside the file to validate it: the plugins
/// that exist, the parsed `params.yaml`, and whether a worktree path exists.
///
/// The library reads nothing itself (no file system, no `PATH` search), so tests pass plain
/// values and the command layer passes the real worktree and plugin registry.
public struct PipelineContext {
    /// Names a `plugin:` may use: built-in plugin ids and the `<name>` of every external
    /// `mlv-plugin-<name>` executable found.
    public var knownPlugins: Set<String>
    /// `params.yaml` at the worktree root, or nil when there is none.
    public var params: ParamsFile?
    /// Whether a file or folder exists in the worktree; asked only for deps no stage writes.
    public var exists: (RepoPath) -> Bool

    public init(knownPlugins: Set<String>, params: ParamsFile? = nil, exists: @escaping (RepoPath) -> Bool) {
        self.knownPlugins = knownPlugins
        self.params = params
        self.exists = exists
    }
}
