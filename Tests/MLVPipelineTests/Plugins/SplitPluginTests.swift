import Foundation
import MLVPipeline
import Testing

@Suite struct SplitPluginTests {
    static func table(rows: Int, crlf: Bool = false) -> String {
        let lines =
            ["id,group,\"note, quoted\""] + (0..<rows).map { "\($0),\($0 % 4 == 0 ? "rare" : "common"),\"n\($0)\"" }
        return lines.joined(separator: crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "\n")
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test("splits 80/20, keeping rows in order with their original bytes") func basic() throws {
        let h = try PluginHarness()
        try h.write(Self.table(rows: 100), to: "data.csv")
        let result = try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: ["train.csv", "test.csv"])
        #expect(result.metrics == ["train_rows": 80, "test_rows": 20])
        let train = lines(try h.text("train.csv"))
        let test = lines(try h.text("test.csv"))
        #expect(train.first == "id,group,\"note, quoted\"")
        #expect(test.first == train.first)
        #expect(train.count == 81 && test.count == 21)
        let ids = { (rows: [String]) in rows.dropFirst().map { Int($0.split(separator: ",")[0]) ?? -1 } }
        #expect(ids(train) == ids(train).sorted())
        #expect(ids(test) == ids(test).sorted())
        #expect((ids(train) + ids(test)).sorted() == Array(0..<100))
        #expect(test.dropFirst().allSatisfy { $0.hasSuffix("\"") })
    }

    @Test("a stratified split keeps each group's share") func stratified() throws {
        let h = try PluginHarness()
        try h.write(Self.table(rows: 100), to: "data.csv")
        try h.run(
            SplitPlugin.self, inputs: ["data.csv"], outputs: ["train.csv", "test.csv"],
            ["stratify": .string("group"), "test_fraction": .number(0.4)])
        let test = lines(try h.text("test.csv")).dropFirst()
        #expect(test.filter { $0.contains(",rare,") }.count == 10)
        #expect(test.filter { $0.contains(",common,") }.count == 30)
    }

    @Test("keeps CRLF line breaks") func crlf() throws {
        let h = try PluginHarness()
        try h.write(Self.table(rows: 10, crlf: true), to: "data.csv")
        try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: ["train.csv", "test.csv"])
        let text = try h.text("train.csv")
        #expect(text.components(separatedBy: "\r\n").count == 10)
        #expect(text.replacingOccurrences(of: "\r\n", with: "").contains("\n") == false)
    }

    @Test("keeps a tab-separated dialect") func tsv() throws {
        let h = try PluginHarness()
        let rows = (0..<10).map { "\($0)\tv, \($0)" }
        try h.write((["a\tb"] + rows).joined(separator: "\n") + "\n", to: "data.tsv")
        try h.run(
            SplitPlugin.self, inputs: ["data.tsv"], outputs: ["train.tsv", "test.tsv"], ["test_fraction": .number(0.5)])
        let lines = (try h.text("train.tsv") + h.text("test.tsv")).split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "a\tb" }.count == 2)
        #expect(Set(lines.filter { $0 != "a\tb" }) == Set(rows))
    }

    @Test("gives the same bytes on every run and thread count; the seed matters") func reproducible() throws {
        let h = try PluginHarness()
        try h.write(Self.table(rows: 50), to: "data.csv")
        try h.expectReproducible(SplitPlugin.self, inputs: ["data.csv"], outputs: ["train.csv", "test.csv"])
        try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: ["a.csv", "b.csv"], seed: 1)
        try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: ["c.csv", "d.csv"], seed: 2)
        #expect(try h.bytes("b.csv") != h.bytes("d.csv"))
    }

    @Test("rejects bad parameters and inputs, naming them") func errors() throws {
        let h = try PluginHarness()
        try h.write(Self.table(rows: 10), to: "data.csv")
        let outputs = ["train.csv", "test.csv"]
        expectPipelineError(.invalidParameter, mentioning: ["split", "test_fraction", "1.5"]) {
            try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: outputs, ["test_fraction": .number(1.5)])
        }
        expectPipelineError(.invalidParameter, mentioning: ["split", "test_fraction"]) {
            try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: outputs, ["test_fraction": .string("a")])
        }
        expectPipelineError(.invalidParameter, mentioning: ["split", "testfraction"]) {
            try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: outputs, ["testfraction": .number(0.1)])
        }
        expectPipelineError(.invalidInput, mentioning: ["split", "data.csv", "\"nope\""]) {
            try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: outputs, ["stratify": .string("nope")])
        }
        expectPipelineError(.invalidInput, mentioning: ["split", "missing.csv"]) {
            try h.run(SplitPlugin.self, inputs: ["missing.csv"], outputs: outputs)
        }
        expectPipelineError(.invalidPipeline, mentioning: ["split", "output"]) {
            try h.run(SplitPlugin.self, inputs: ["data.csv"], outputs: ["train.csv"])
        }
        try h.write("a,b\n1,2\n3\n", to: "ragged.csv")
        expectPipelineError(.invalidInput, mentioning: ["split", "ragged.csv", "row 2"]) {
            try h.run(SplitPlugin.self, inputs: ["ragged.csv"], outputs: outputs)
        }
    }
}
