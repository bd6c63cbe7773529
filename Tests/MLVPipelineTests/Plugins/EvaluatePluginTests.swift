import Foundation
import MLVPipeline
import Testing

@Suite struct EvaluatePluginTests {
    /// Trains a logistic regression on a split of the synthetic classes and evaluates it.
    @Test("evaluates a classifier on held-out rows from the model file alone") func classifier() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(), to: "data.csv")
        try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: ["train.csv", "test.csv"])
        try h.run(
            LogisticRegressionPlugin.self, inputs: ["train.csv"], outputs: ["model.safetensors"],
            ["target": .string("label"), "epochs": .number(30), "learning_rate": .number(0.05)])
        let result = try h.run(
            EvaluatePlugin.self, inputs: ["model.safetensors", "test.csv"], outputs: ["eval.json"], metrics: "m.json")
        #expect((result.metrics["accuracy"] ?? 0) > 0.9)
        #expect(result.metrics["rows"] == 30)
        for key in ["macro_precision", "macro_recall", "macro_f1"] { #expect((result.metrics[key] ?? 0) > 0.9) }
        #expect((result.metrics["log_loss"] ?? 9) < 0.5)
        let json = try h.text("eval.json")
        #expect(try h.text("m.json") == json)
        #expect(json.contains("\"classes\" : [\n    \"ant\",\n    \"bee\",\n    \"cat\"\n  ]"))
        #expect(json.contains("\"confusion_matrix\""))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let confusion = try #require(object["confusion_matrix"] as? [[Int]])
        #expect(confusion.count == 3 && confusion.joined().reduce(0, +) == 30)
    }

    @Test("evaluates an mlp and is reproducible") func mlp() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(), to: "data.csv")
        try h.run(
            MLPClassifierPlugin.self, inputs: ["data.csv"], outputs: ["mlp.safetensors"],
            ["target": .string("label"), "layers": .list([.number(8)]), "epochs": .number(20)])
        let result = try h.run(EvaluatePlugin.self, inputs: ["mlp.safetensors", "data.csv"], outputs: ["e.json"])
        #expect((result.metrics["accuracy"] ?? 0) > 0.9)
        try h.expectReproducible(EvaluatePlugin.self, inputs: ["mlp.safetensors", "data.csv"], outputs: ["e.json"])
    }

    @Test("evaluates a regression and a clustering") func regressionAndClustering() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.linear(), to: "data.csv")
        try h.run(LinearRegressionPlugin.self, inputs: ["data.csv"], outputs: ["lin.st"], ["target": .string("y")])
        let regression = try h.run(EvaluatePlugin.self, inputs: ["lin.st", "data.csv"], outputs: [])
        #expect((regression.metrics["rmse"] ?? 1) < 1e-9)
        #expect((regression.metrics["mae"] ?? 1) < 1e-9)
        #expect((regression.metrics["r2"] ?? 0) > 0.999_999)
        try h.write(SyntheticData.blobs(), to: "blobs.csv")
        let fit = try h.run(
            KMeansPlugin.self, inputs: ["blobs.csv"], outputs: ["km.st"], ["k": .number(3), "target": .string("name")])
        let clustering = try h.run(EvaluatePlugin.self, inputs: ["km.st", "blobs.csv"], outputs: [])
        #expect(clustering.metrics["inertia"] == fit.metrics["inertia"])
        try h.write("b,a\n10,10\n", to: "point.csv")
        let point = try h.run(EvaluatePlugin.self, inputs: ["km.st", "point.csv"], outputs: [])
        #expect((point.metrics["inertia"] ?? 1) < 1)
    }

    @Test("rejects tables and files the model cannot read, naming them") func errors() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(rows: 30), to: "data.csv")
        try h.run(
            LogisticRegressionPlugin.self, inputs: ["data.csv"], outputs: ["model.st"],
            ["target": .string("label"), "epochs": .number(1)])
        try h.write("x1,x2,shade,label\n1,2,grey,ant\n", to: "grey.csv")
        expectPipelineError(.invalidInput, mentioning: ["evaluate", "grey.csv", "row 1", "\"grey\"", "\"shade\""]) {
            try h.run(EvaluatePlugin.self, inputs: ["model.st", "grey.csv"], outputs: [])
        }
        try h.write("x1,x2,shade,label\n1,2,dark,dog\n", to: "dog.csv")
        expectPipelineError(.invalidInput, mentioning: ["evaluate", "dog.csv", "row 1", "\"dog\"", "\"label\""]) {
            try h.run(EvaluatePlugin.self, inputs: ["model.st", "dog.csv"], outputs: [])
        }
        try h.write("x1,shade,label\n1,dark,ant\n", to: "narrow.csv")
        expectPipelineError(.invalidInput, mentioning: ["evaluate", "narrow.csv", "\"x2\""]) {
            try h.run(EvaluatePlugin.self, inputs: ["model.st", "narrow.csv"], outputs: [])
        }
        expectPipelineError(.invalidInput, mentioning: ["evaluate", "data.csv", "safetensors"]) {
            try h.run(EvaluatePlugin.self, inputs: ["data.csv", "data.csv"], outputs: [])
        }
        try h.run(StandardizePlugin.self, inputs: ["data.csv"], outputs: ["z.csv", "stats.st"])
        expectPipelineError(.invalidInput, mentioning: ["evaluate", "stats.st", "standardization statistics"]) {
            try h.run(EvaluatePlugin.self, inputs: ["stats.st", "data.csv"], outputs: [])
        }
        expectPipelineError(.invalidPipeline, mentioning: ["evaluate", "input"]) {
            try h.run(EvaluatePlugin.self, inputs: ["model.st"], outputs: [])
        }
    }
}
