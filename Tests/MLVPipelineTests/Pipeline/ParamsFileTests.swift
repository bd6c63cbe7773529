import MLVPipeline
import Testing

@Suite struct ParamsFileTests {
    @Test("types YAML scalars: numbers, bools, quoted strings; sequences and mappings") func scalars() throws {
        let params = try ParamsFile.parse(
            """
            lr: 1e-3
            epochs: 20
            big: 12345678901234567890
            shuffle: true
            name: "20"
            plain: adam
            layers: [16, 8]
            train:
              opt: {beta: 0.9}
            """)
        #expect(params.value(at: "lr") == .number(0.001))
        #expect(params.value(at: "epochs") == .number(20))
        #expect(params.value(at: "big") == .number(1.2345678901234567e19))
        #expect(params.value(at: "shuffle") == .bool(true))
        #expect(params.value(at: "name") == .string("20"))
        #expect(params.value(at: "plain") == .string("adam"))
        #expect(params.value(at: "layers") == .list([.number(16), .number(8)]))
        #expect(params.value(at: "train.opt.beta") == .number(0.9))
        #expect(params.value(at: "train.opt") == .table(["beta": .number(0.9)]))
        #expect(params.value(at: "train.lr") == nil)
        #expect(params.value(at: "lr.x") == nil)
        #expect(try ParamsFile.parse("").values.isEmpty)
    }

    @Test("an exact key with a dot wins over the nested path") func dottedKey() throws {
        let params = try ParamsFile.parse("\"a.b\": 1\na: {b: 2}")
        #expect(params.value(at: "a.b") == .number(1))
    }

    @Test(
        "refuses what has no parameter form",
        arguments: [
            ("[1, 2]", "params.yaml: the top level is a list, not a mapping"),
            ("lr:", "params.yaml: parameter \"lr\" has no value"),
            ("train: {lr: .nan}", "params.yaml: \"train.lr\" is \".nan\", not a finite number"),
            ("a: 1\na: 2", "params.yaml: not valid YAML: line 1, column 1: duplicate key \"a\""),
        ])
    func refused(text: String, message: String) {
        let error = pipelineError { _ = try ParamsFile.parse(text) }
        #expect(error?.message == message)
    }

    @Test("inline stage params take the same types, and refuse null and NaN, naming the stage") func inline() throws {
        let file = try parsePipeline("stages:\n  a: {cmd: x, params: {lr: 0.5, opt: {name: adam}, on: yes}}")
        #expect(file.checks.isEmpty && file.drift == DriftSettings())
        #expect(
            file.stage(named: "a")?.resolvedParams == [
                "lr": .number(0.5), "opt": .table(["name": .string("adam")]), "on": .bool(true),
            ])
        let null = pipelineError { _ = try parsePipeline("stages:\n  a: {cmd: x, params: {lr: ~}}") }
        #expect(null?.code == .invalidParameter)
        #expect(null?.message == "mlv.yaml: stage \"a\": parameter \"params.lr\" has no value")
        let nan = pipelineError { _ = try parsePipeline("stages:\n  a: {cmd: x, params: {lr: .nan}}") }
        #expect(nan?.message == "mlv.yaml: \"stages.a.params.lr\" is \".nan\", not a finite number")
    }

    @Test("YAML anchors and aliases give the same values") func aliases() throws {
        let params = try ParamsFile.parse("base: &b {lr: 0.1}\ntrain: *b")
        #expect(params.value(at: "train.lr") == .number(0.1))
    }
}
