import Foundation
import MLVPipeline
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct MetricHistoryTests {
    /// Runs the sample pipeline (a small table, few epochs) and commits the run.
    static func runAndCommit(_ repo: TempRepository, message: String) throws -> ObjectID {
        var options = RunOptions(
            pluginNames: Set(BuiltinPlugins.all.map { $0.id }), plugins: { BuiltinPlugins.named($0) },
            mlvVersion: "0.0.0-test")
        options.threads = 1
        let runner = PipelineRunner(repository: repo.repository, options: options)
        let report = try runner.run()
        return try runner.commit(report, message: message, identity: repo.identity).id
    }

    static func params(epochs: Int) -> String {
        SampleData.params.replacingOccurrences(of: "epochs: 30", with: "epochs: \(epochs)")
    }

    @Test("lists run commits oldest first with stage-qualified numeric metrics")
    func history() throws {
        let repo = try TempRepository()
        try SampleData.write(to: repo.root, rows: 200)
        try repo.write("params.yaml", Self.params(epochs: 2))
        try repo.add()
        let base = try repo.commit("data and pipeline").id
        let first = try Self.runAndCommit(repo, message: "first run")
        try repo.write("notes.txt", "no run here\n")
        try repo.add("notes.txt")
        let plain = try repo.commit("notes").id
        try repo.write("params.yaml", Self.params(epochs: 6))
        let second = try Self.runAndCommit(repo, message: "second run\n\nmore epochs")

        let history = RunHistory(repository: repo.repository)
        let points = try history.metricHistory(from: [second])
        #expect(points.map(\.commit) == [first, second])
        #expect(!points.map(\.commit).contains(base) && !points.map(\.commit).contains(plain))
        #expect(points.map(\.subject) == ["first run", "second run"])
        #expect(points.allSatisfy { $0.time == 1_700_000_000 })
        for point in points {
            let accuracy = try #require(point.metrics["evaluate.accuracy"])
            #expect(accuracy >= 0 && accuracy <= 1)
            #expect(point.metrics.keys.contains { $0.hasPrefix("train.") })
            // The confusion matrix and class names are not numbers.
            #expect(!point.metrics.keys.contains { $0.contains("confusion") || $0.contains("classes") })
            #expect(point.metrics.values.allSatisfy { $0.isFinite })
        }
        // The values are the run records' own.
        let records = try history.records(of: second)
        let evaluate = try #require(records.first { $0.stage == "evaluate" })
        #expect(points[1].metrics["evaluate.accuracy"] == evaluate.metrics["accuracy"])

        #expect(try history.metricHistory(from: [second], limit: 1).map(\.commit) == [second])
        #expect(try history.metricHistory(from: [second], limit: 0).isEmpty)
        #expect(try history.metricHistory(from: [base]).isEmpty)
        #expect(try history.metricHistory(from: [plain]).map(\.commit) == [first])
    }
}
