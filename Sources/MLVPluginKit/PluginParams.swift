/// A `train` request's parameters by name, with typed accessors whose errors name the parameter.
public struct PluginParams: Sendable, Equatable {
    public var values: [String: PluginValue]

    public init(_ values: [String: PluginValue] = [:]) { self.values = values }

    public subscript(name: String) -> PluginValue? { values[name] }

    /// The string parameter `name`.
    /// - Throws: when it is missing and has no default, or is not a string.
    public func string(_ name: String, default fallback: String? = nil) throws(PluginError) -> String {
        switch values[name] {
        case .string(let value): return value
        case nil, .null?:
            guard let fallback else { throw PluginError("parameter \"\(name)\" is missing") }
            return fallback
        default: throw PluginError("parameter \"\(name)\" must be a string")
        }
    }

    /// The number parameter `name`.
    /// - Throws: when it is missing and has no default, or is not a number.
    public func double(_ name: String, default fallback: Double? = nil) throws(PluginError) -> Double {
        switch values[name] {
        case .number(let value): return value
        case nil, .null?:
            guard let fallback else { throw PluginError("parameter \"\(name)\" is missing") }
            return fallback
        default: throw PluginError("parameter \"\(name)\" must be a number")
        }
    }

    /// The whole-number parameter `name`.
    /// - Throws: when it is missing and has no default, or is not a whole number.
    public func int(_ name: String, default fallback: Int? = nil) throws(PluginError) -> Int {
        let value = try double(name, default: fallback.map(Double.init))
        guard value == value.rounded(), abs(value) < 9e15 else {
            throw PluginError("parameter \"\(name)\" must be a whole number, found \(value)")
        }
        return Int(value)
    }

    /// The true/false parameter `name`.
    /// - Throws: when it is missing and has no default, or is not a boolean.
    public func bool(_ name: String, default fallback: Bool? = nil) throws(PluginError) -> Bool {
        switch values[name] {
        case .bool(let value): return value
        case nil, .null?:
            guard let fallback else { throw PluginError("parameter \"\(name)\" is missing") }
            return fallback
        default: throw PluginError("parameter \"\(name)\" must be true or false")
        }
    }
}
