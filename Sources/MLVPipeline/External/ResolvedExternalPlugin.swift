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
