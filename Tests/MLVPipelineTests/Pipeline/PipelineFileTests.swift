import MLVPipeline
import MLVRepository
import Testing

@Suite struct PipelineFileTests {
    static let good = """
        stages:
          train:
            plugin: mlp-classifier
            deps: [data/clean.csv]
            params: [train.lr, seed, train.layers]
            outs: [model.safetensors]
            metrics: metrics.json
          prepare:
            cmd: python prepare.py --in raw.csv
            deps: [raw.csv, ./prepare.py/]
            params:
              fraction: 0.8
              name: "007"
              shuffle: true
              columns: [a, b]
            outs: [data/clean.csv]
        checks:
          - accuracy >= 0.9
        """

    static let params = """
        seed: 42
        train:
          lr: 0.01
          layers: [16, 8]
        """

    func parseGood() throws -> PipelineFile {
        try PipelineFileTests.good.withExistingFile("prepare.py") { exists in
            let context = PipelineContext(
                knownPlugins: ["mlp-classifier"], params: try ParamsFile.parse(PipelineFileTests.params),
                exists: exists)
            return try PipelineFile.parse(PipelineFileTests.good, context: context)
        }
    }

    @Test("parses stages sorted by name, with plugin, cmd, deps, params, outs and metrics")
    func good() throws {
        let file = try parseGood()
        #expect(file.stages.map(\.name) == ["prepare", "train"])
        let prepare = try #require(file.stage(named: "prepare"))
        #expect(prepare.action == .command("python prepare.py --in raw.csv"))
        #expect(prepare.deps.map(\.rawValue) == ["raw.csv", "prepare.py"])
        #expect(
            prepare.resolvedParams == [
                "fraction": .number(0.8), "name": .string("007"), "shuffle": .bool(true),
                "columns": .list([.string("a"), .string("b")]),
            ])
        let train = try #require(file.stage(named: "train"))
        #expect(train.action == .plugin("mlp-classifier"))
        #expect(train.params == .keys(["train.lr", "seed", "train.layers"]))
        #expect(
            train.resolvedParams == [
                "train.lr": .number(0.01), "seed": .number(42), "train.layers": .list([.number(16), .number(8)]),
            ])
        #expect(train.metrics?.rawValue == "metrics.json")
        #expect(train.writes.map(\.rawValue) == ["model.safetensors", "metrics.json"])
        #expect(file.checks == [Check(text: "accuracy >= 0.9", rule: .threshold(metric: "accuracy", .atLeast, 0.9))])
        #expect(file.graph.order == ["prepare", "train"])
    }

    @Test("an empty file has no stages") func empty() throws {
        #expect(try parsePipeline("").stages.isEmpty)
        #expect(try parsePipeline("stages:\n").stages.isEmpty)
    }

    @Test(
        "refuses a malformed file, naming the stage and key",
        arguments: [
            ("stages: [a, b]", "mlv.yaml: \"stages\" is a list, not a mapping"),
            ("- a", "mlv.yaml: the top level is a list, not a mapping"),
            ("stage:\n  a: {cmd: x}", "mlv.yaml: unknown top-level key \"stage\""),
            ("stages:\n  a: [x]", "mlv.yaml: stage \"a\" is a list, not a mapping"),
            ("stages:\n  a: run it", "mlv.yaml: stage \"a\" is a string, not a mapping"),
            (
                "stages:\n  a: {cmd: x, plugin: mlp-classifier}",
                "mlv.yaml: stage \"a\" has both \"plugin\" and \"cmd\"; give one of them"
            ),
            ("stages:\n  a: {outs: [x]}", "mlv.yaml: stage \"a\" has neither \"plugin\" nor \"cmd\"; give one of them"),
            ("stages:\n  a: {cmd: x, dep: [raw.csv]}", "mlv.yaml: stage \"a\": unknown key \"dep\""),
            ("stages:\n  a: {cmd: x, colour: red}", "mlv.yaml: stage \"a\": unknown key \"colour\""),
            ("stages:\n  a: {cmd: [x]}", "mlv.yaml: stage \"a\": \"cmd\" is a list, not a non-empty string"),
            (
                "stages:\n  a: {cmd: x, deps: raw.csv}",
                "mlv.yaml: stage \"a\": \"deps\" is a string, not a list of paths"
            ),
            (
                "stages:\n  a: {cmd: x, params: 3}",
                "mlv.yaml: stage \"a\": \"params\" is a number, not a mapping or a list of keys"
            ),
            (
                "stages:\n  a b: {cmd: x}",
                "mlv.yaml: stage name \"a b\" is not allowed: use letters, digits, '-', '_' and '.'"
            ),
            (
                "stages:\n  a: {cmd: x, deps: [../up.csv]}",
                "mlv.yaml: stage \"a\": deps path \"../up.csv\" escapes the worktree"
            ),
            (
                "stages:\n  a: {cmd: x, outs: [/etc/passwd]}",
                "mlv.yaml: stage \"a\": outs path \"/etc/passwd\" escapes the worktree: paths are relative to its root"
            ),
            (
                "stages:\n  a: {cmd: x, outs: [data/../../x]}",
                "mlv.yaml: stage \"a\": outs path \"data/../../x\" escapes the worktree"
            ),
            (
                "stages:\n  a: {cmd: x, outs: [.mlv/HEAD]}",
                "mlv.yaml: stage \"a\": outs path \".mlv/HEAD\" points into .mlv"
            ),
            (
                "stages:\n  a: {cmd: x, metrics: ./.mlv}",
                "mlv.yaml: stage \"a\": metrics path \"./.mlv\" points into .mlv"
            ),
            (
                "stages:\n  a: {cmd: x, outs: [.]}",
                "mlv.yaml: stage \"a\": outs path \".\" is not a path to a file or folder"
            ),
            ("stages:\n  a: {cmd: x, outs: [m, ./m]}", "mlv.yaml: stage \"a\": \"outs\" lists \"m\" twice"),
            ("stages:\n  a: {cmd: x, outs: [m], metrics: m}", "mlv.yaml: stage \"a\" writes \"m\" twice"),
            (
                "stages:\n  a: {cmd: x, outs: [model]}\n  b: {cmd: y, outs: [model]}",
                "mlv.yaml: stages \"a\" and \"b\" both write \"model\""
            ),
            (
                "stages:\n  a: {cmd: x, outs: [out]}\n  b: {cmd: y, metrics: out/m.json}",
                "mlv.yaml: stages \"a\" and \"b\" both write overlapping paths \"out\" and \"out/m.json\""
            ),
            (
                "stages:\n  a: {cmd: x, deps: [missing.csv]}",
                "mlv.yaml: stage \"a\": dep \"missing.csv\" does not exist and no stage writes it"
            ),
            ("stages:\n  a: {cmd: x, outs: [x], deps: [x]}", "mlv.yaml: stages form a cycle: a → a"),
            (
                "stages:\n  c: {cmd: x, deps: [b.out], outs: [c.out]}\n  b: {cmd: x, deps: [c.out], outs: [b.out]}",
                "mlv.yaml: stages form a cycle: b → c → b"
            ),
            ("stages:\n  a: {cmd: x\n", "mlv.yaml: not valid YAML"),
            ("stages:\n  a: {cmd: x, cmd: y}", "mlv.yaml: not valid YAML: line 2, column 7: duplicate key \"cmd\""),
        ])
    func malformed(text: String, message: String) {
        let error = pipelineError { _ = try parsePipeline(text) }
        #expect(error?.code == .invalidPipeline)
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
        if message.hasSuffix("not valid YAML") { return }  // the rest is Yams' wording
        #expect(error?.message == message)
    }

    @Test("suggests the key meant") func didYouMean() {
        #expect(
            pipelineError { _ = try parsePipeline("stages:\n  a: {cmd: x, dep: [raw.csv]}") }?.hint
                == "did you mean \"deps\"?")
        #expect(
            pipelineError { _ = try parsePipeline("stages:\n  a: {cmd: x, metric: m.json}") }?.hint
                == "did you mean \"metrics\"?")
        #expect(pipelineError { _ = try parsePipeline("stages:\n  a: {cmd: x, colour: red}") }?.hint == nil)
        #expect(pipelineError { _ = try parsePipeline("stags: {}") }?.hint == "did you mean \"stages\"?")
    }

    @Test("refuses an unknown plugin, suggesting a close name") func unknownPlugin() {
        let error = pipelineError { _ = try parsePipeline("stages:\n  fit: {plugin: mlp-clasifier}") }
        #expect(error?.code == .unknownPlugin)
        #expect(
            error?.message
                == "mlv.yaml: stage \"fit\": unknown plugin \"mlp-clasifier\" (neither built in nor an mlv-plugin-mlp-clasifier executable)"
        )
        #expect(error?.hint == "did you mean \"mlp-classifier\"?")
    }

    @Test("refuses a params key missing from params.yaml, or no params.yaml") func missingParam() throws {
        let params = try ParamsFile.parse("train: {lr: 0.1}")
        let text = "stages:\n  fit: {plugin: mlp-classifier, params: [train.epochs]}"
        let error = pipelineError { _ = try parsePipeline(text, params: params) }
        #expect(error?.code == .invalidParameter)
        #expect(
            error?.message
                == "mlv.yaml: stage \"fit\": params key \"train.epochs\" is missing: it is not in params.yaml")
        let none = pipelineError { _ = try parsePipeline(text) }
        #expect(
            none?.message == "mlv.yaml: stage \"fit\": params key \"train.epochs\" is missing: there is no params.yaml")
    }

    @Test("a dep written by a stage or under an existing folder need not exist") func depsExist() throws {
        let text = "stages:\n  a: {cmd: x, outs: [gen]}\n  b: {cmd: y, deps: [gen/part.csv, data/x.csv]}"
        #expect(try parsePipeline(text).graph.order == ["a", "b"])
    }
}

extension String {
    /// Runs `body` with an existence check that knows `raw.csv`, `data/…` and `extra`.
    fileprivate func withExistingFile<T>(_ extra: String, _ body: (@escaping (RepoPath) -> Bool) throws -> T) rethrows
        -> T
    {
        try body { ["raw.csv", extra].contains($0.rawValue) || $0.rawValue.hasPrefix("data/") }
    }
}
