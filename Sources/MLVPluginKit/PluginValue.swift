/// A parameter value as the `train` request's `params` carry it (JSON's types).
public enum PluginValue: Sendable, Equatable, Decodable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([PluginValue])
    case table([String: PluginValue])
    case null

    /// Decodes any JSON value; booleans stay booleans (JSON `true` is never the number 1).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([PluginValue].self) {
            self = .list(value)
        } else {
            self = .table(try container.decode([String: PluginValue].self))
        }
    }
}
