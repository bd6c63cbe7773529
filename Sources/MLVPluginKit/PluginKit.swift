/// MLVPluginKit: write an external mlv training plugin in Swift (docs/PLUGINS.md).
public enum PluginKit {
    /// The version of the JSON protocol this kit speaks.
    public static let protocolVersion = 1
}
