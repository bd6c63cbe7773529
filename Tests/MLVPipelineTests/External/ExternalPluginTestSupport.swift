import Foundation
import MLVCompute
import MLVPipeline
import MLVTestSupport
import Testing

/// The example plugin built next to `mlv` (`swift build --build-tests` builds both).
func builtExamplePlugin() throws -> ExternalPlugin {
    let url = CLIRunner.defaultBinary.deletingLastPathComponent()
        .appendingPathComponent("mlv-plugin-nearest-centroid")
    try #require(
        FileManager.default.isExecutableFile(atPath: url.path),
        "the example plugin is missing at '\(url.path)'; run 'swift build --build-tests' first")
    return ExternalPlugin(name: "nearest-centroid", executable: url)
}

/// Writes an executable shell script `mlv-plugin-<name>` into `folder`.
@discardableResult
func writeScriptPlugin(_ name: String, in folder: URL, _ body: String) throws -> ExternalPlugin {
    let url = folder.appendingPathComponent("mlv-plugin-\(name)")
    try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    return ExternalPlugin(name: name, executable: url)
}

/// A small three-class table with two features, well separated, in a fixed order.
func writeCentroidTable(to url: URL) throws {
    var lines = ["x,y,label"]
    let centers: [(Double, Double, String)] = [(0, 0, "a"), (5, 5, "b"), (0, 6, "c")]
    var generator = Philox(seed: 11)
    for i in 0..<60 {
        let (cx, cy, label) = centers[i % 3]
        let dx = Double(generator.next() % 1000) / 1000 - 0.5
        let dy = Double(generator.next() % 1000) / 1000 - 0.5
        lines.append("\(cx + dx),\(cy + dy),\(label)")
    }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
}

/// A run context over files in `folder`: `data.csv` in, `model.safetensors` out.
func centroidContext(in folder: URL, target: String = "label", metrics: Bool = true) throws -> PluginRunContext {
    PluginRunContext(
        inputs: [folder.appendingPathComponent("data.csv")],
        outputs: [folder.appendingPathComponent("model.safetensors")],
        metrics: metrics ? folder.appendingPathComponent("metrics.json") : nil,
        parameters: PluginParameters(["target": .string(target)]), seed: 7, compute: try ComputeContext(threads: 1))
}

/// The error `body` throws, when it is a ``PipelineError``.
func externalError(_ body: () throws -> Void) -> PipelineError? {
    do {
        try body()
        return nil
    } catch let error as PipelineError {
        return error
    } catch {
        return nil
    }
}
