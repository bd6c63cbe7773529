/// The one error type of MLVPipeline: a code to match on and a message naming the stage,
/// plugin, parameter or file that is wrong (lowercase, no trailing period).
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// `mlv.yaml` or `params.yaml` does not parse or breaks a rule (cycle, missing dep, …).
        case invalidPipeline
        /// A plugin parameter is missing, of the wrong type or out of range.
        case invalidParameter
        /// An input file is missing or not what the plugin reads (not a table, no target column).
        case invalidInput
        /// No plugin of that name.
        case unknownPlugin
        /// A stage's command or plugin failed.
        case stageFailed
        /// A run record in the run cache cannot be read, is damaged, or cannot be written.
        case runCache
    }

    public var code: Code
    public var message: String
    public var hint: String?

    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    public var description: String { message }
}
