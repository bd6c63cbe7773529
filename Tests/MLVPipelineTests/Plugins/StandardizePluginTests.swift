import Foundation
import MLVFormats
import MLVPipeline
import Testing

@Suite struct StandardizePluginTests {
    @Test("z-scores numeric columns and leaves the others") func zScores() throws {
        let h = try PluginHarness()
        try h.write("a,b,name,y\n1,10,x,5\n2,10,\"q,r\",6\n3,10,z,7\n", to: "data.csv")
        let result = try h.run(
            StandardizePlugin.self, inputs: ["data.csv"], outputs: ["out.csv", "stats.safetensors"],
            ["target": .string("y")])
        #expect(result.metrics == ["columns": 2, "rows": 3])
        let z = (2.0 / 3).squareRoot()
        let expected = "a,b,name,y\n\(-1 / z),0.0,x,5\n0.0,0.0,\"q,r\",6\n\(1 / z),0.0,z,7\n"
        #expect(try h.text("out.csv") == expected)
        let stats = try SafetensorsFile(bytes: h.bytes("stats.safetensors"))
        #expect(try stats["mean"]?.doubles() == [2, 10])
        #expect(try stats["std"]?.doubles() == [z, 1])
        #expect(stats.metadata["mlv.plugin"] == "standardize")
        #expect(stats.metadata["mlv.features"] == "[\"a\",\"b\"]")
    }

    @Test("applies recorded statistics to another table") func recorded() throws {
        let h = try PluginHarness()
        try h.write("a,b,name\n1,10,x\n2,10,y\n3,10,z\n", to: "train.csv")
        try h.run(StandardizePlugin.self, inputs: ["train.csv"], outputs: ["z.csv", "stats.st"])
        try h.write("name,b,a\nw,12,4\n", to: "test.csv")
        try h.run(StandardizePlugin.self, inputs: ["test.csv", "stats.st"], outputs: ["test-z.csv"])
        #expect(try h.text("test-z.csv") == "name,b,a\nw,2.0,\(2 / (2.0 / 3).squareRoot())\n")
        try h.write("a,b\n1,2\n", to: "plain.csv")
        expectPipelineError(.invalidInput, mentioning: ["standardize", "plain.csv"]) {
            try h.run(StandardizePlugin.self, inputs: ["test.csv", "plain.csv"], outputs: ["o.csv"])
        }
        try h.run(
            KMeansPlugin.self, inputs: ["train.csv"], outputs: ["km.st"], ["k": .number(1), "target": .string("name")])
        expectPipelineError(.invalidInput, mentioning: ["standardize", "km.st", "kmeans model, not statistics"]) {
            try h.run(StandardizePlugin.self, inputs: ["test.csv", "km.st"], outputs: ["o.csv"])
        }
    }

    @Test("standardizes only the named features") func named() throws {
        let h = try PluginHarness()
        try h.write("a,b\n1,1\n3,5\n", to: "data.csv")
        try h.run(
            StandardizePlugin.self, inputs: ["data.csv"], outputs: ["out.csv"], ["features": .list([.string("b")])])
        #expect(try h.text("out.csv") == "a,b\n1,-1.0\n3,1.0\n")
    }

    @Test("gives the same bytes on every run and thread count") func reproducible() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(rows: 40), to: "data.csv")
        try h.expectReproducible(
            StandardizePlugin.self, inputs: ["data.csv"], outputs: ["out.csv", "stats.safetensors"],
            ["target": .string("label")])
    }

    @Test("rejects missing, non-numeric and non-finite values, naming file, row and column") func badValues() throws {
        let h = try PluginHarness()
        try h.write("a,b\n1,2\n,3\n", to: "missing.csv")
        try h.write("a,b\n1,2\n4,nan\n", to: "nan.csv")
        try h.write("a,b\n1,2\n4,inf\n", to: "inf.csv")
        try h.write("a,b\n1,x\n", to: "text.csv")
        expectPipelineError(.invalidInput, mentioning: ["standardize", "missing.csv", "row 2", "\"a\"", "missing"]) {
            try h.run(StandardizePlugin.self, inputs: ["missing.csv"], outputs: ["o.csv"])
        }
        expectPipelineError(.invalidInput, mentioning: ["nan.csv", "row 2", "\"b\"", "nan"]) {
            try h.run(StandardizePlugin.self, inputs: ["nan.csv"], outputs: ["o.csv"])
        }
        expectPipelineError(.invalidInput, mentioning: ["inf.csv", "row 2", "\"b\""]) {
            try h.run(StandardizePlugin.self, inputs: ["inf.csv"], outputs: ["o.csv"])
        }
        expectPipelineError(.invalidParameter, mentioning: ["standardize", "features", "\"b\"", "not numeric"]) {
            try h.run(StandardizePlugin.self, inputs: ["text.csv"], outputs: ["o.csv"], ["features": .string("b")])
        }
        expectPipelineError(.invalidInput, mentioning: ["standardize", "\"zz\""]) {
            try h.run(StandardizePlugin.self, inputs: ["text.csv"], outputs: ["o.csv"], ["target": .string("zz")])
        }
    }
}
