import Foundation
import MLVFormats
import MLVPipeline
import Testing

@Suite struct MLPClassifierPluginTests {
    static let parameters: [String: ParameterValue] = [
        "target": .string("label"), "features": .list([.string("x1"), .string("x2")]),
        "layers": .list([.number(16), .number(8)]), "epochs": .number(20), "batch_size": .number(16),
    ]

    @Test("separates three classes", arguments: ["adam", "adamw", "sgd"])
    func accuracy(optimizer: String) throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(), to: "data.csv")
        var parameters = Self.parameters
        parameters["optimizer"] = .string(optimizer)
        let result = try h.run(MLPClassifierPlugin.self, inputs: ["data.csv"], outputs: ["mlp.safetensors"], parameters)
        #expect((result.metrics["train_accuracy"] ?? 0) > 0.9)
        let model = try SafetensorsFile(bytes: h.bytes("mlp.safetensors"))
        #expect(model.metadata["mlv.model"] == "mlp")
        #expect(model.metadata["mlv.widths"] == "2,16,8,3")
        #expect(model.metadata["mlv.activation"] == "relu")
        #expect(model.metadata["mlv.plugin"] == "mlp-classifier")
        #expect(model["w2"]?.shape == [8, 3])
    }

    @Test("gives the same bytes on every run and thread count", arguments: ["tanh", "gelu", "sigmoid"])
    func reproducible(activation: String) throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(rows: 60), to: "data.csv")
        var parameters = Self.parameters
        parameters["activation"] = .string(activation)
        parameters["epochs"] = .number(3)
        try h.expectReproducible(
            MLPClassifierPlugin.self, inputs: ["data.csv"], outputs: ["mlp.safetensors"], parameters)
    }

    @Test("rejects bad parameters, naming them") func errors() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(rows: 9), to: "data.csv")
        let bad: [(String, ParameterValue)] = [
            ("layers", .list([.number(0)])), ("layers", .string("64")), ("activation", .string("softplus")),
            ("optimizer", .string("lbfgs")), ("epochs", .number(0)),
        ]
        for (name, value) in bad {
            var parameters = Self.parameters
            parameters[name] = value
            expectPipelineError(.invalidParameter, mentioning: ["mlp-classifier", name]) {
                try h.run(MLPClassifierPlugin.self, inputs: ["data.csv"], outputs: ["m.st"], parameters)
            }
        }
    }
}
