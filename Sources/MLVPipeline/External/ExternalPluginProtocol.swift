import Foundation

/// The JSON messages of the external plugin protocol (docs/PLUGINS.md "External plugins"):
/// the `describe` answer, the `train` request and the `train` answer.
///
/// Every message is one JSON object carrying `"protocol"`; mlv refuses a plugin whose protocol
/// version is not ``version``. Unknown fields are ignored, so plugins may add their own.
public enum ExternalPluginProtocol {
    /// The protocol version this mlv speaks.
    public static let version = 1

    /// What `mlv-plugin-<name> describe` reports.
    public struct Description: Sendable, Equatable {
        public var id: String
        public var version: String
        public var summary: String
        /// The parameter names the plugin reads (informational).
        public var parameters: [String]
    }

    /// The body of a `train` request, as canonical JSON (sorted keys, one line).
    static func trainRequest(
        inputs: [URL], outputs: [URL], metrics: URL?, parameters: PluginParameters, seed: UInt64, threads: Int
    ) throws -> [UInt8] {
        let params = try JSONEncoder().encode(parameters.values.mapValues(ParameterJSON.init))
        let body: [String: Any] = [
            "protocol": version, "inputs": inputs.map(\.path), "outputs": outputs.map(\.path),
            "metrics": metrics.map(\.path) ?? NSNull(),
            "params": try JSONSerialization.jsonObject(with: params), "seed": String(seed), "threads": threads,
        ]
        var data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        data.append(UInt8(ascii: "\n"))
        return [UInt8](data)
    }

    /// Parses the answer to `describe`.
    static func description(_ bytes: [UInt8], plugin: String) throws(PipelineError) -> Description {
        let object = try answer(bytes, plugin: plugin, command: "describe")
        guard let id = object["id"] as? String, let version = object["version"] as? String else {
            throw PipelineError(
                .stageFailed, "plugin \"\(plugin)\": describe answer lacks a string \"id\" or \"version\"")
        }
        guard id == plugin else {
            throw PipelineError(.stageFailed, "plugin \"\(plugin)\": describe answer names plugin \"\(id)\"")
        }
        let parameters = (object["parameters"] as? [Any] ?? []).compactMap { $0 as? String }
        return Description(
            id: id, version: version, summary: object["summary"] as? String ?? "", parameters: parameters)
    }

    /// The class `JSONSerialization` gives `true` and `false`.
    private static let booleanType = type(of: NSNumber(value: true))

    /// Parses the answer to `train`: its metrics, or the plugin's error.
    static func metrics(_ bytes: [UInt8], plugin: String) throws(PipelineError) -> [String: Double] {
        let object = try answer(bytes, plugin: plugin, command: "train")
        if let message = object["error"] {
            throw PipelineError(.stageFailed, "plugin \"\(plugin)\" failed: \(message)")
        }
        guard let metrics = object["metrics"] as? [String: Any] else {
            throw PipelineError(.stageFailed, "plugin \"\(plugin)\": train answer lacks a \"metrics\" object")
        }
        var out: [String: Double] = [:]
        for (name, value) in metrics {
            // JSON booleans come back as the boolean subclass of NSNumber; they are not metrics.
            guard let number = value as? NSNumber, type(of: number) != booleanType else {
                throw PipelineError(.stageFailed, "plugin \"\(plugin)\": metric \"\(name)\" is not a number")
            }
            out[name] = number.doubleValue
        }
        return out
    }

    /// One JSON object with a protocol version mlv speaks.
    private static func answer(_ bytes: [UInt8], plugin: String, command: String) throws(PipelineError)
        -> [String: Any]
    {
        let parsed = try? JSONSerialization.jsonObject(with: Data(bytes))
        guard let object = parsed as? [String: Any] else {
            let shown = String(decoding: bytes.prefix(80), as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines)
            throw PipelineError(
                .stageFailed, "plugin \"\(plugin)\": \(command) did not answer with a JSON object: '\(shown)'")
        }
        guard let found = object["protocol"] as? Int else {
            throw PipelineError(.stageFailed, "plugin \"\(plugin)\": \(command) answer lacks \"protocol\"")
        }
        guard found == version else {
            throw PipelineError(
                .unknownPlugin,
                "plugin \"\(plugin)\" speaks protocol version \(found), this mlv speaks version \(version)",
                hint: "use a plugin built for protocol \(version)")
        }
        return object
    }
}
