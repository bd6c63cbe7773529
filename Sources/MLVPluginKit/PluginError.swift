/// The error a plugin throws to fail a run; its message becomes the `"error"` answer, which mlv
/// shows naming the plugin (lowercase, no trailing period, naming the parameter or file).
public struct PluginError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
