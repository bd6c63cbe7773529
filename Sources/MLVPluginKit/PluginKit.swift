/// MLVPluginKit: write an external mlv training plugin in Swift (docs/PLUGINS.md
/// "External plugins"). A plugin's `main.swift` calls ``PluginMain/run(id:version:summary:parameters:arguments:train:)``.
public enum PluginKit {
    /// The version of the JSON protocol this kit speaks.
    public static let protocolVersion = 1
}
