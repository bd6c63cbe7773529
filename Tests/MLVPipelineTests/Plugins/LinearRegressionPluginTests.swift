import Foundation
import MLVFormats
import MLVPipeline
import Testing

@Suite struct LinearRegressionPluginTests {
    @Test("the closed form recovers known coefficients") func closed() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.linear(), to: "data.csv")
        let result = try h.run(
            LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: ["model.safetensors"], metrics: "m.json",
            ["target": .string("y")])
        let model = try SafetensorsFile(bytes: h.bytes("model.safetensors"))
        let weights = try #require(try model["weight"]?.doubles())
        let bias = try #require(try model["bias"]?.doubles())
        #expect(abs(weights[0] - 3) < 1e-9 && abs(weights[1] + 2) < 1e-9)
        #expect(abs(bias[0] - 1) < 1e-9)
        #expect((result.metrics["train_rmse"] ?? 1) < 1e-9)
        #expect(model.metadata["mlv.plugin"] == "linear-regression")
        #expect(model.metadata["mlv.plugin_version"] == "1")
        #expect(model.metadata["mlv.model"] == "linear")
        #expect(model.metadata["mlv.target"] == "y")
        #expect(model.metadata["mlv.features"] == "[\"x1\",\"x2\"]")
        #expect(model.metadata["mlv.hyperparameters"]?.contains("\"method\":\"closed\"") == true)
        #expect(try h.text("m.json").contains("\"train_r2\""))
    }

    @Test("gradient descent gets close to the same fit") func gradient() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.linear(), to: "data.csv")
        let result = try h.run(
            LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: ["model.safetensors"],
            [
                "target": .string("y"), "method": .string("gradient"), "epochs": .number(1500),
                "learning_rate": .number(0.05),
            ])
        #expect((result.metrics["train_r2"] ?? 0) > 0.999)
        let weights = try #require(try SafetensorsFile(bytes: h.bytes("model.safetensors"))["weight"]?.doubles())
        #expect(abs(weights[0] - 3) < 0.05 && abs(weights[1] + 2) < 0.05)
    }

    @Test("a ridge penalty shrinks the weights and makes one-hot columns solvable") func ridge() throws {
        let h = try PluginHarness()
        try h.write("x,kind,y\n1,u,2\n2,v,4\n3,u,6\n4,v,8\n", to: "data.csv")
        expectPipelineError(.invalidInput, mentioning: ["linear-regression", "data.csv", "normal equations"]) {
            try h.run(LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: ["m.st"], ["target": .string("y")])
        }
        try h.run(
            LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: ["m.st"],
            ["target": .string("y"), "l2": .number(0.1)])
        let weights = try #require(try SafetensorsFile(bytes: h.bytes("m.st"))["weight"]?.doubles())
        #expect(weights.count == 3 && weights[0] <= 2 && weights[0] > 1.5)
    }

    @Test(
        "gives the same bytes on every run and thread count",
        arguments: ["closed", "gradient"])
    func reproducible(method: String) throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.linear(), to: "data.csv")
        try h.expectReproducible(
            LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: ["model.safetensors"],
            ["target": .string("y"), "method": .string(method), "epochs": .number(50)])
    }

    @Test("rejects bad parameters and targets, naming them") func errors() throws {
        let h = try PluginHarness()
        try h.write("x,y,t\n1,2,a\n2,3,b\n", to: "data.csv")
        let outputs = ["m.st"]
        expectPipelineError(.invalidParameter, mentioning: ["linear-regression", "target", "required"]) {
            try h.run(LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: outputs)
        }
        expectPipelineError(.invalidParameter, mentioning: ["linear-regression", "method", "\"qr\""]) {
            try h.run(
                LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: outputs,
                ["target": .string("y"), "method": .string("qr")])
        }
        expectPipelineError(.invalidParameter, mentioning: ["l2", "-1"]) {
            try h.run(
                LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: outputs,
                ["target": .string("y"), "l2": .number(-1)])
        }
        expectPipelineError(.invalidParameter, mentioning: ["epochs"]) {
            try h.run(
                LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: outputs,
                ["target": .string("y"), "epochs": .number(2.5)])
        }
        expectPipelineError(.invalidInput, mentioning: ["data.csv", "row 1", "\"t\""]) {
            try h.run(LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: outputs, ["target": .string("t")])
        }
        expectPipelineError(.invalidInput, mentioning: ["data.csv", "\"z\""]) {
            try h.run(LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: outputs, ["target": .string("z")])
        }
    }
}
