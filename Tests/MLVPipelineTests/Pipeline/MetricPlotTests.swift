import Foundation
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@testable import MLVPipeline

@Suite struct MetricPlotTests {
    static let available: Set<String> = ["train.accuracy", "evaluate.accuracy", "evaluate.rmse", "train.loss"]

    @Test("full names stay; a bare name stands for the one stage that reports it")
    func resolve() throws {
        #expect(try MetricPlot.resolve(["evaluate.accuracy"], available: Self.available) == ["evaluate.accuracy"])
        #expect(
            try MetricPlot.resolve(["rmse", "loss", "rmse"], available: Self.available) == [
                "evaluate.rmse", "train.loss",
            ])
    }

    @Test("an ambiguous name lists the candidates; an unknown one suggests a close name")
    func resolveErrors() {
        let ambiguous = pipelineError { _ = try MetricPlot.resolve(["accuracy"], available: Self.available) }
        #expect(ambiguous?.code == .invalidInput)
        #expect(ambiguous?.message == "metric 'accuracy' is ambiguous: evaluate.accuracy, train.accuracy")
        let typo = pipelineError { _ = try MetricPlot.resolve(["evaluate.acuracy"], available: Self.available) }
        #expect(typo?.message == "no run reports the metric 'evaluate.acuracy'")
        #expect(typo?.hint == "did you mean \"evaluate.accuracy\"?")
        let unknown = pipelineError { _ = try MetricPlot.resolve(["perplexity"], available: Self.available) }
        #expect(unknown?.hint?.hasPrefix("metrics recorded: evaluate.accuracy") == true)
    }

    @Test("a later branch's series covers its own commits and the one it forked from")
    func forkPositions() {
        let ids = (1...6).map { repeatedID(UInt8($0)) }
        // main: 1 2 3 5; feature forked at 2: 1 2 4 6.
        let main: Set = [ids[0], ids[1], ids[2], ids[4]]
        let feature: Set = [ids[0], ids[1], ids[3], ids[5]]
        let shown = RunHistory.shownPositions(ids, membership: [main, feature])
        #expect(shown[0] == [0, 1, 2, 4])
        #expect(shown[1] == [1, 3, 5])
        // A selection with nothing of its own shows all it reaches.
        #expect(RunHistory.shownPositions(ids, membership: [main, [ids[0]]])[1] == [0])
    }

    @Test("plots two branches of real runs over one axis")
    func branches() throws {
        let repo = try TempRepository()
        try SampleData.write(to: repo.root, rows: 200)
        try repo.write("params.yaml", MetricHistoryTests.params(epochs: 2))
        try repo.add()
        try repo.commit("data and pipeline")
        let first = try MetricHistoryTests.runAndCommit(repo, message: "first")
        _ = try repo.repository.createBranch("feature", start: first.description, force: false, identity: repo.identity)
        try repo.write("params.yaml", MetricHistoryTests.params(epochs: 4))
        let second = try MetricHistoryTests.runAndCommit(repo, message: "second")

        let history = RunHistory(repository: repo.repository)
        let alone = try history.metricPlot(
            ["accuracy"], selections: [MetricPlot.Selection(label: "HEAD", tips: [second])])
        #expect(alone.metrics == ["evaluate.accuracy"])
        #expect(alone.commits.map(\.commit) == [first, second])
        #expect(alone.series.count == 1 && alone.series[0].selection == nil)
        #expect(alone.series[0].values == alone.commits.map { $0.metrics["evaluate.accuracy"] })

        let range = try history.metricPlot(
            ["evaluate.accuracy"], selections: [MetricPlot.Selection(label: "r", tips: [second], excluding: [first])])
        #expect(range.commits.map(\.commit) == [second])

        let both = try history.metricPlot(
            ["evaluate.accuracy", "train.train_loss"],
            selections: [
                MetricPlot.Selection(label: "main", tips: [second]),
                MetricPlot.Selection(label: "feature", tips: [first]),
            ])
        #expect(both.series.map(\.selection) == ["main", "feature", "main", "feature"])
        #expect(both.series(of: "train.train_loss").count == 2)
        // feature has no commit of its own: its line covers what it reaches.
        #expect(both.series[1].values.map { $0 != nil } == [true, false])

        let empty = pipelineError {
            _ = try history.metricPlot(
                ["accuracy"], selections: [MetricPlot.Selection(label: "a..a", tips: [first], excluding: [first])])
        }
        #expect(empty?.message == "no commit in a..a names run records")
    }

    @Test("the confusion matrix of the latest run that wrote one")
    func confusion() throws {
        let repo = try TempRepository()
        try SampleData.write(to: repo.root, rows: 200)
        try repo.write("params.yaml", MetricHistoryTests.params(epochs: 2))
        try repo.add()
        let base = try repo.commit("data and pipeline").id
        let run = try MetricHistoryTests.runAndCommit(repo, message: "run")
        try repo.write("notes.txt", "later\n")
        try repo.add("notes.txt")
        let later = try repo.commit("notes").id

        let history = RunHistory(repository: repo.repository)
        let matrix = try history.confusionMatrix(at: later)
        #expect(matrix.commit == run && matrix.stage == "evaluate" && matrix.path.rawValue == "metrics/eval.json")
        #expect(matrix.classes.count == 2 && matrix.counts.count == 2)
        let rows = try #require(history.records(of: run).first { $0.stage == "evaluate" }?.metrics["rows"])
        #expect(Double(matrix.counts.joined().reduce(0, +)) == rows)
        #expect(try history.confusionMatrix(at: later, stage: "evaluate") == matrix)
        #expect(pipelineError { _ = try history.confusionMatrix(at: later, stage: "train") } != nil)
        #expect(pipelineError { _ = try history.confusionMatrix(at: base) }?.message.contains("at or before") == true)
    }

    @Test(
        "metrics files without a well-formed matrix are passed over",
        arguments: [
            #"{"classes": ["a", "b"], "confusion_matrix": [[1, 2], [3, 4]]}"#,
            #"{"classes": ["a", "b"], "confusion_matrix": [[1, 2]]}"#,
            #"{"classes": ["a"], "confusion_matrix": [[-1]]}"#,
            #"{"classes": ["a"], "confusion_matrix": [[1.5]]}"#,
            #"{"confusion_matrix": [[1]]}"#,
            #"[1, 2]"#,
            "not json",
        ])
    func parse(text: String) {
        let parsed = RunHistory.parseConfusion(Array(text.utf8))
        #expect((parsed != nil) == text.hasPrefix(#"{"classes": ["a", "b"], "confusion_matrix": [[1, 2], [3, 4]]"#))
        if let parsed { #expect(parsed.counts == [[1, 2], [3, 4]] && parsed.classes == ["a", "b"]) }
    }
}
