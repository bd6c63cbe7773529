import MLVPipeline
import MLVRepository
import Testing

@Suite struct PipelineGraphTests {
    /// A diamond with a side branch:
    /// raw → clean → (features, stats); features → train → report; stats → report; docs alone.
    static let text = """
        stages:
          report: {cmd: r, deps: [model, stats.json], outs: [report.md]}
          train: {plugin: mlp-classifier, deps: [features/x.csv], outs: [model]}
          features: {cmd: f, deps: [clean], outs: [features]}
          stats: {cmd: s, deps: [clean/part-0.csv], outs: [stats.json]}
          clean: {cmd: c, deps: [raw.csv], outs: [clean/part-0.csv, clean/part-1.csv]}
          docs: {cmd: d, outs: [docs]}
        """

    func graph() throws -> PipelineGraph {
        try parsePipeline(PipelineGraphTests.text).graph
    }

    @Test("orders stages topologically, ties by name") func order() throws {
        #expect(try graph().order == ["clean", "docs", "features", "stats", "train", "report"])
    }

    @Test("links deps under an out folder, and dep folders holding an out") func edges() throws {
        let graph = try graph()
        #expect(graph.dependencies(of: "train") == ["features"])
        #expect(graph.dependencies(of: "features") == ["clean"])
        #expect(graph.dependencies(of: "report") == ["stats", "train"])
        #expect(graph.dependents(of: "clean") == ["features", "stats"])
        #expect(graph.dependencies(of: "docs").isEmpty)
        #expect(graph.writers(of: repoPath("features/x.csv")) == ["features"])
        #expect(graph.writers(of: repoPath("clean")) == ["clean"])
        #expect(graph.writers(of: repoPath("raw.csv")).isEmpty)
    }

    @Test("the closure of targets is everything upstream, in order") func closure() throws {
        let graph = try graph()
        #expect(try graph.closure(of: ["train"]) == ["clean", "features", "train"])
        #expect(try graph.closure(of: ["stats", "docs"]) == ["clean", "docs", "stats"])
        #expect(try graph.closure(of: ["report"]) == ["clean", "features", "stats", "train", "report"])
        #expect(try graph.closure(of: []) == [])
    }

    @Test("downstream of a changed stage, in order") func downstream() throws {
        let graph = try graph()
        #expect(try graph.downstream(of: ["clean"]) == ["features", "stats", "train", "report"])
        #expect(try graph.downstream(of: ["stats"]) == ["report"])
        #expect(try graph.downstream(of: ["report"]) == [])
        #expect(try graph.downstream(of: ["features", "train"]) == ["train", "report"])
    }

    @Test("refuses unknown stage names") func unknownTarget() throws {
        let graph = try graph()
        let error = pipelineError { _ = try graph.closure(of: ["trian"]) }
        #expect(error?.message == "mlv.yaml: no stage named \"trian\"")
        #expect(error?.hint == "did you mean \"train\"?")
        #expect(pipelineError { _ = try graph.downstream(of: ["nope"]) }?.code == .invalidPipeline)
    }

    @Test("names a cycle from its smallest stage, in data-flow order") func cycle() {
        let stages = [
            Stage(name: "z", action: .command("z"), deps: [repoPath("c")], outs: [repoPath("z")]),
            Stage(name: "b", action: .command("b"), deps: [repoPath("a")], outs: [repoPath("b")]),
            Stage(name: "c", action: .command("c"), deps: [repoPath("b")], outs: [repoPath("c")]),
            Stage(name: "a", action: .command("a"), deps: [repoPath("c")], outs: [repoPath("a")]),
        ]
        let error = pipelineError { _ = try PipelineGraph(stages: stages) }
        #expect(error?.message == "mlv.yaml: stages form a cycle: a → b → c → a")
    }

    @Test("refuses two stages of one name") func duplicateName() {
        let stage = Stage(name: "a", action: .command("a"))
        #expect(
            pipelineError { _ = try PipelineGraph(stages: [stage, stage]) }?.message
                == "mlv.yaml: stage \"a\" is defined twice")
    }

    @Test("gives the same order whatever order the stages come in", arguments: 0..<6)
    func stableOrder(rotation: Int) throws {
        var stages = try parsePipeline(PipelineGraphTests.text).stages
        stages = Array(stages[rotation...] + stages[..<rotation]).reversed()
        #expect(try PipelineGraph(stages: stages).order == ["clean", "docs", "features", "stats", "train", "report"])
    }
}
