import MLVPipeline
import Testing

@Suite struct PluginParametersTests {
    let parameters = PluginParameters([
        "rate": .number(0.5), "epochs": .number(10), "name": .string("adam"), "flag": .bool(true),
        "list": .list([.string("a"), .string("b")]), "widths": .list([.number(64), .number(32)]),
    ])

    @Test("reads typed values and defaults") func values() throws {
        #expect(try parameters.double("rate", plugin: "p") == 0.5)
        #expect(try parameters.double("missing", default: 2, plugin: "p") == 2)
        #expect(try parameters.int("epochs", plugin: "p", in: 1...100) == 10)
        #expect(try parameters.string("name", plugin: "p", oneOf: ["adam", "sgd"]) == "adam")
        #expect(try parameters.optionalString("missing", plugin: "p") == nil)
        #expect(try parameters.bool("flag", plugin: "p"))
        #expect(try parameters.strings("list", plugin: "p") == ["a", "b"])
        #expect(try parameters.strings("name", plugin: "p") == ["adam"])
        #expect(try parameters.ints("widths", plugin: "p", minimum: 1) == [64, 32])
    }

    @Test("errors name the plugin and the parameter") func errors() {
        let cases: [(String, () throws -> Void)] = [
            ("missing", { _ = try parameters.double("missing", plugin: "plug") }),
            ("rate", { _ = try parameters.int("rate", plugin: "plug") }),
            ("epochs", { _ = try parameters.int("epochs", plugin: "plug", in: 20...30) }),
            ("name", { _ = try parameters.string("name", plugin: "plug", oneOf: ["sgd"]) }),
            ("name", { _ = try parameters.bool("name", plugin: "plug") }),
            ("widths", { _ = try parameters.strings("widths", plugin: "plug") }),
            ("list", { _ = try parameters.ints("list", plugin: "plug") }),
            ("flag", { _ = try parameters.double("flag", plugin: "plug") }),
            ("rate", { try parameters.requireOnly(["epochs", "flag", "list", "name", "widths"], plugin: "plug") }),
        ]
        for (name, body) in cases {
            expectPipelineError(.invalidParameter, mentioning: ["plug: ", "parameter \(name)"], body)
        }
    }
}
