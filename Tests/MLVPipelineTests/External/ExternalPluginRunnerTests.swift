import Foundation
import MLVCompute
import MLVFormats
import MLVPipeline
import MLVStorage
import MLVTestSupport
import Testing

/// The external plugin protocol against the built example plugin: describe, train, outputs,
/// metrics, determinism and the executable digest.
@Suite struct ExternalPluginRunnerTests {
    @Test("describe reports the example's id, version and protocol") func describe() throws {
        let description = try ExternalPluginRunner(plugin: try builtExamplePlugin(), timeout: 60).describe()
        #expect(description.id == "nearest-centroid")
        #expect(description.version == "1")
        #expect(description.parameters == ["target"])
        #expect(!description.summary.isEmpty)
    }

    @Test("train writes the model and the metrics and reports accuracy") func train() throws {
        let folder = try TempDirectory(prefix: "external")
        try writeCentroidTable(to: folder.appending("data.csv"))
        let runner = ExternalPluginRunner(plugin: try builtExamplePlugin(), timeout: 60)
        let metrics = try runner.train(stage: "train", context: try centroidContext(in: folder.url))
        #expect(metrics["accuracy"] == 1)
        #expect(metrics["classes"] == 3)
        let model = try SafetensorsFile(bytes: [UInt8](try Data(contentsOf: folder.appending("model.safetensors"))))
        #expect(model.metadata["classes"] == #"["a","b","c"]"#)
        #expect(model.metadata["features"] == #"["x","y"]"#)
        #expect(model["centroids"]?.shape == [3, 2])
        let written = try Data(contentsOf: folder.appending("metrics.json"))
        #expect(String(decoding: written, as: UTF8.self).contains("\"accuracy\":1"))
    }

    @Test("two runs write identical bytes") func deterministic() throws {
        let runner = ExternalPluginRunner(plugin: try builtExamplePlugin(), timeout: 60)
        var outputs: [Data] = []
        for _ in 0..<2 {
            let folder = try TempDirectory(prefix: "external")
            try writeCentroidTable(to: folder.appending("data.csv"))
            _ = try runner.train(stage: "train", context: try centroidContext(in: folder.url))
            outputs.append(try Data(contentsOf: folder.appending("model.safetensors")))
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test("the plugin's own error names the plugin and the column") func pluginError() throws {
        let folder = try TempDirectory(prefix: "external")
        try writeCentroidTable(to: folder.appending("data.csv"))
        let runner = ExternalPluginRunner(plugin: try builtExamplePlugin(), timeout: 60)
        let error = externalError {
            _ = try runner.train(stage: "train", context: try centroidContext(in: folder.url, target: "nope"))
        }
        #expect(error?.code == .stageFailed)
        #expect(error?.message.contains("plugin \"nearest-centroid\" failed") == true)
        #expect(error?.message.contains("\"nope\"") == true)
    }

    @Test("the digest is the executable's SHA-256 and changes with its bytes") func digest() throws {
        let plugin = try builtExamplePlugin()
        let bytes = try Data(contentsOf: plugin.executable)
        #expect(try plugin.digest() == SHA256Hasher.hash(bytes))
        let folder = try TempDirectory(prefix: "external")
        let copy = folder.appending("mlv-plugin-nearest-centroid")
        try (bytes + Data([0])).write(to: copy)
        #expect(try ExternalPlugin(name: "nearest-centroid", executable: copy).digest() != plugin.digest())
    }

    @Test("the fingerprint changes when the executable's digest changes") func fingerprint() throws {
        let stage = Stage(
            name: "train", action: .plugin("nearest-centroid"), deps: [repoPath("data.csv")],
            params: .keys(["target"]), resolvedParams: ["target": .string("label")],
            outs: [repoPath("model.safetensors")], metrics: nil)
        func fingerprint(_ digest: ObjectID) throws -> StageFingerprint {
            let environment = RunEnvironment(
                pluginVersion: "1", pluginDigest: digest, mlvVersion: "0", computeVersion: "1", kernelSignature: "k")
            return try StageFingerprint(stage: stage, environment: environment) { _ in [] }
        }
        let one = try fingerprint(SHA256Hasher.hash(Data("a".utf8)))
        #expect(try fingerprint(SHA256Hasher.hash(Data("a".utf8))) == one)
        #expect(try fingerprint(SHA256Hasher.hash(Data("b".utf8))) != one)
    }
}
