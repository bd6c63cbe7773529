import Foundation

extension PipelineRunner {
    /// The external plugin a `plugin:` stage names, described and digested; nil when there is
    /// none (or the stage runs a command).
    func externalPlugin(for stage: Stage) throws -> ResolvedExternalPlugin? {
        guard let name = stage.pluginName, let plugin = options.externalPlugins(name) else { return nil }
        let runner = ExternalPluginRunner(
            plugin: plugin, timeout: options.pluginTimeout,
            environment: options.commandEnvironment.isEmpty ? nil : options.commandEnvironment)
        let digest = try plugin.digest()
        let description = try runner.describe(stage: stage.name)
        return ResolvedExternalPlugin(runner: runner, description: description, digest: digest)
    }
}
