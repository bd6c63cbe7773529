import Foundation
import MLVStorage

/// An external plugin found for a stage, with what `describe` said and its executable's digest.
struct ResolvedExternalPlugin {
    var runner: ExternalPluginRunner
    var description: ExternalPluginProtocol.Description
    var digest: ObjectID

    /// Why this plugin is not the one a recorded run used, for `mlv repro`'s notes.
    func notes(against environment: RunEnvironment) -> [String] {
        var notes: [String] = []
        let name = runner.plugin.name
        if description.version != environment.pluginVersion {
            notes.append(
                "plugin \(name) is version \(description.version), the run used \(environment.pluginVersion ?? "none")")
        }
        if digest != environment.pluginDigest {
            notes.append(
                "plugin \(name) executable is \(digest.abbreviated), the run used \(environment.pluginDigest?.abbreviated ?? "none")"
            )
        }
        return notes
    }
}

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
