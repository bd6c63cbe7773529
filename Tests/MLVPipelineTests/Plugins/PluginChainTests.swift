import Foundation
import MLVPipeline
import Testing

/// The built-in plugins chained as a pipeline would run them: split → standardize → train →
/// evaluate, where each stage reads only the files the previous ones wrote (the test table is
/// scaled with the train table's statistics).
@Suite struct PluginChainTests {
    /// Runs the whole chain in `folder` with `threads` threads; returns every file's bytes.
    func chain(_ h: PluginHarness, folder: String, threads: Int) throws -> [[UInt8]] {
        let f = { (name: String) in folder + "/" + name }
        try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: [f("train.csv"), f("test.csv")], threads: threads)
        let scale: [String: ParameterValue] = ["target": .string("label")]
        try h.run(
            StandardizePlugin.self, inputs: [f("train.csv")], outputs: [f("train-z.csv"), f("stats.st")], scale,
            threads: threads)
        try h.run(
            StandardizePlugin.self, inputs: [f("test.csv"), f("stats.st")], outputs: [f("test-z.csv")],
            threads: threads)
        try h.run(
            MLPClassifierPlugin.self, inputs: [f("train-z.csv")], outputs: [f("model.st")],
            ["target": .string("label"), "layers": .list([.number(12)]), "epochs": .number(15)], threads: threads)
        let result = try h.run(
            EvaluatePlugin.self, inputs: [f("model.st"), f("test-z.csv")], outputs: [f("metrics.json")],
            threads: threads)
        #expect((result.metrics["accuracy"] ?? 0) > 0.9)
        let names = ["train.csv", "test.csv", "train-z.csv", "stats.st", "test-z.csv", "model.st", "metrics.json"]
        return try names.map { try h.bytes(f($0)) }
    }

    @Test("reproduces every file of the chain byte for byte, with 1 or 2 threads") func reproducible() throws {
        let h = try PluginHarness()
        try h.write(SyntheticData.classes(rows: 120), to: "data.csv")
        let first = try chain(h, folder: "a", threads: 1)
        #expect(try chain(h, folder: "b", threads: 1) == first)
        #expect(try chain(h, folder: "c", threads: 2) == first)
    }
}
