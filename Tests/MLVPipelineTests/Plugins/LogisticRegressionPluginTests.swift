import Foundation
import MLVFormats
import MLVPipeline
import Testing

@Suite struct LogisticRegressionPluginTests {
    static let parameters: [String: ParameterValue] = [
        "target": .string("label"), "epochs": .number(30), "learning_rate": .number(0.05), "l2": .number(0.001),
    ]

    @Test("separates three classes, with categorical features one-hot encoded", arguments: ["adam", "sgd"])
    func accuracy(optimizer: String) throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(), to: "data.csv")
        var parameters = Self.parameters
        parameters["optimizer"] = .string(optimizer)
        let result = try h.run(
            LogisticRegressionPlugin.self, inputs: ["data.csv"], outputs: ["model.safetensors"], metrics: "m.json",
            parameters)
        #expect((result.metrics["train_accuracy"] ?? 0) > 0.9)
        #expect((result.metrics["train_loss"] ?? 9) < 0.5)
        let model = try SafetensorsFile(bytes: h.bytes("model.safetensors"))
        #expect(model["weight"]?.shape == [4, 3])
        #expect(model["bias"]?.shape == [3])
        #expect(model.metadata["mlv.classes"] == "[\"ant\",\"bee\",\"cat\"]")
        #expect(model.metadata["mlv.features"] == "[\"x1\",\"x2\",\"shade=dark\",\"shade=light\"]")
        #expect(
            model.metadata["mlv.encoding"]
                == "{\"columns\":[{\"name\":\"x1\"},{\"name\":\"x2\"},{\"categories\":[\"dark\",\"light\"],\"name\":\"shade\"}]}"
        )
        #expect(model.metadata["mlv.hyperparameters"]?.contains("\"optimizer\":\"\(optimizer)\"") == true)
        #expect(try h.text("m.json").contains("\"train_accuracy\""))
    }

    @Test("gives the same bytes on every run and thread count") func reproducible() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(rows: 60), to: "data.csv")
        var parameters = Self.parameters
        parameters["batch_size"] = .number(7)
        try h.expectReproducible(
            LogisticRegressionPlugin.self, inputs: ["data.csv"], outputs: ["model.safetensors"], parameters)
    }

    @Test("rejects bad parameters, naming them") func errors() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(rows: 9), to: "data.csv")
        let bad: [(String, ParameterValue)] = [
            ("optimizer", .string("rmsprop")), ("batch_size", .number(0)), ("learning_rate", .number(0)),
            ("epochs", .string("ten")), ("features", .number(3)),
        ]
        for (name, value) in bad {
            var parameters = Self.parameters
            parameters[name] = value
            expectPipelineError(.invalidParameter, mentioning: ["logistic-regression", name]) {
                try h.run(LogisticRegressionPlugin.self, inputs: ["data.csv"], outputs: ["m.st"], parameters)
            }
        }
        expectPipelineError(.invalidInput, mentioning: ["logistic-regression", "data.csv", "\"x9\""]) {
            try h.run(
                LogisticRegressionPlugin.self, inputs: ["data.csv"], outputs: ["m.st"],
                ["target": .string("label"), "features": .list([.string("x1"), .string("x9")])])
        }
    }
}
