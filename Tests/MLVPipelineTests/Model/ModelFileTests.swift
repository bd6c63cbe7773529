import Foundation
import MLVFormats
import MLVPipeline
import Testing

@Suite struct ModelFileTests {
    static let encoding = FeatureEncoding(columns: [
        .init(name: "x"), .init(name: "colour", categories: ["blue", "red"]),
    ])

    static func model() throws -> ModelFile {
        try ModelFile(
            kind: .logistic, plugin: LogisticRegressionPlugin.self, encoding: encoding, target: "y",
            classes: ["no", "yes"],
            hyperparameters: [
                "layers": .list([.number(64), .number(32)]), "optimizer": .string("adam"), "l2": .number(0),
            ],
            seed: 42,
            tensors: [
                try SafetensorsTensor(name: "weight", shape: [3, 2], floats: [1, 2, 3, 4, 5, 6]),
                try SafetensorsTensor(name: "bias", shape: [2], floats: [0, 1]),
            ])
    }

    @Test("records the plugin, features, encoding, classes and hyperparameters") func metadata() throws {
        let metadata = try Self.model().file.metadata
        #expect(
            metadata == [
                "mlv.plugin": "logistic-regression", "mlv.plugin_version": "1", "mlv.model": "logistic",
                "mlv.features": "[\"x\",\"colour=blue\",\"colour=red\"]",
                "mlv.encoding":
                    "{\"columns\":[{\"name\":\"x\"},{\"categories\":[\"blue\",\"red\"],\"name\":\"colour\"}]}",
                "mlv.target": "y", "mlv.seed": "42", "mlv.classes": "[\"no\",\"yes\"]",
                "mlv.hyperparameters": "{\"l2\":0,\"layers\":[64,32],\"optimizer\":\"adam\"}",
            ])
    }

    @Test("reads back what it wrote, from the bytes alone; equal models give equal bytes") func roundTrip() throws {
        let bytes = try Self.model().encode()
        #expect(try Self.model().encode() == bytes)
        let read = try ModelFile(bytes: bytes, name: "m.safetensors", plugin: "evaluate")
        #expect(read.kind == .logistic)
        #expect(read.plugin == "logistic-regression" && read.pluginVersion == "1")
        #expect(read.encoding == Self.encoding)
        #expect(read.target == "y")
        #expect(read.classes == ["no", "yes"])
        #expect(read.hyperparametersJSON.contains("\"optimizer\":\"adam\""))
        #expect(try read.doubles("bias", count: 2, file: "m", plugin: "p") == [0, 1])
        expectPipelineError(.invalidInput, mentioning: ["p: m.safetensors", "\"bias\"", "3 numbers"]) {
            _ = try read.doubles("bias", count: 3, file: "m.safetensors", plugin: "p")
        }
    }

    @Test("rejects files without the mlv metadata, naming the file and key") func foreign() throws {
        let plain = try SafetensorsFile(tensors: [SafetensorsTensor(name: "w", shape: [1], floats: [1])])
        expectPipelineError(.invalidInput, mentioning: ["evaluate: w.safetensors", "mlv.model"]) {
            _ = try ModelFile(bytes: plain.encode(), name: "w.safetensors", plugin: "evaluate")
        }
        expectPipelineError(.invalidInput, mentioning: ["evaluate: junk.bin", "not a safetensors file"]) {
            _ = try ModelFile(bytes: [1, 2, 3], name: "junk.bin", plugin: "evaluate")
        }
    }

    @Test("metrics files have sorted keys, a final line break and null for non-finite values") func metrics() {
        let bytes = MetricsFile.bytes(["b": 0.5, "a": 2, "nan": .nan], extra: ["c": .strings(["x"])])
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "{\n  \"a\" : 2,\n  \"b\" : 0.5,\n  \"c\" : [\n    \"x\"\n  ],\n  \"nan\" : null\n}\n")
    }
}
