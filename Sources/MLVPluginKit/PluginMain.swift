import Foundation

/// The entry point of an external plugin: handles `describe` and `train` (docs/PLUGINS.md
/// "External plugins"), so a plugin's `main.swift` is one call:
///
/// ```swift
/// PluginMain.run(id: "my-trainer", version: "1", summary: "…") { request in
///     // read request.inputs, write request.outputs
///     return ["accuracy": 0.93]
/// }
/// ```
///
/// Anything `train` throws becomes `{"protocol":1,"error":"…"}` on stdout and exit status 1.
public enum PluginMain {
    /// Answers the command in `arguments` (the process's own by default) and exits.
    public static func run(
        id: String, version: String, summary: String, parameters: [String] = [],
        arguments: [String] = CommandLine.arguments,
        train: (PluginRequest) throws -> [String: Double]
    ) -> Never {
        let status = answer(
            id: id, version: version, summary: summary, parameters: parameters,
            command: arguments.dropFirst().first, input: { FileHandle.standardInput.readDataToEndOfFile() },
            output: { FileHandle.standardOutput.write(Data($0)) }, train: train)
        exit(status)
    }

    /// Answers one command; returns the exit status. Separated from ``run`` for tests.
    static func answer(
        id: String, version: String, summary: String, parameters: [String], command: String?,
        input: () -> Data, output: ([UInt8]) -> Void, train: (PluginRequest) throws -> [String: Double]
    ) -> Int32 {
        switch command {
        case "describe":
            output(
                encode(
                    [
                        "protocol": PluginKit.protocolVersion, "id": id, "version": version, "summary": summary,
                        "parameters": parameters,
                    ] as [String: Any]))
            return 0
        case "train":
            do {
                let request = try PluginRequest(json: [UInt8](input()))
                let metrics = try train(request)
                if let url = request.metrics {
                    try Data(encode(metrics)).write(to: url)
                }
                output(encode(["protocol": PluginKit.protocolVersion, "metrics": metrics] as [String: Any]))
                return 0
            } catch {
                output(encode(["protocol": PluginKit.protocolVersion, "error": "\(error)"] as [String: Any]))
                return 1
            }
        default:
            let message = "usage: mlv-plugin-\(id) describe | train (a JSON request on stdin)\n"
            FileHandle.standardError.write(Data(message.utf8))
            return 2
        }
    }

    /// One line of canonical JSON (sorted keys).
    static func encode(_ object: Any) -> [UInt8] {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
        return [UInt8](data ?? Data("{}".utf8)) + [UInt8(ascii: "\n")]
    }
}
