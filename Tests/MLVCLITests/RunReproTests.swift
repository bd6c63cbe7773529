import Foundation
import MLVStorage
import MLVTestSupport
import Testing

/// `mlv run` (with its run cache) and `mlv repro` end to end.
@Suite struct RunReproTests {

    /// A repository with a seeded three-class table and the pipeline above committed.
    func prepared(_ f: CLIFixture, epochs: Int = 5) throws -> URL {
        let repo = try f.initRepository()
        try f.write(repo, "data.csv", ClassifierSample.table())
        try f.write(repo, "mlv.yaml", ClassifierSample.pipeline(epochs: epochs))
        try f.expect(0, ["add", "."], in: repo)
        try f.expect(0, ["commit", "-m", "data and pipeline"], in: repo)
        return repo
    }

    func statuses(_ output: String) -> [String] {
        output.split(separator: "\n").map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
    }

    @Test("stages run once, then are up to date, restored from the cache, or rerun when inputs change")
    func runCache() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        #expect(statuses(try f.expect(0, ["run"], in: repo).stdout) == ["ran split", "ran train", "ran evaluate"])
        let model = repo.appendingPathComponent("models/mlp.safetensors")
        let trained = try Data(contentsOf: model)
        #expect(
            statuses(try f.expect(0, ["run"], in: repo).stdout)
                == ["up-to-date split", "up-to-date train", "up-to-date evaluate"])
        try FileManager.default.removeItem(at: model)
        #expect(
            statuses(try f.expect(0, ["run", "train"], in: repo).stdout) == ["up-to-date split", "restored train"])
        #expect(try Data(contentsOf: model) == trained)
        try f.write(repo, "mlv.yaml", ClassifierSample.pipeline(epochs: 6))
        #expect(
            statuses(try f.expect(0, ["run"], in: repo).stdout) == ["up-to-date split", "ran train", "ran evaluate"])
        #expect(statuses(try f.expect(0, ["run", "--force", "split"], in: repo).stdout) == ["ran split"])
    }

    @Test("status lists the stages a run would run") func status() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        #expect(try f.expect(0, ["status"], in: repo).stdout.contains("Pipeline stages out of date:"))
        try f.expect(0, ["run"], in: repo)
        #expect(!(try f.expect(0, ["status"], in: repo).stdout.contains("Pipeline stages")))
        try f.write(repo, "mlv.yaml", ClassifierSample.pipeline(epochs: 9))
        let json = try #require(try parseJSON(f.expect(0, ["status", "--json"], in: repo).stdout) as? [String: Any])
        #expect(json["stages_out_of_date"] as? [String] == ["train", "evaluate"])
    }

    @Test("a committed run reproduces bit for bit, with any thread count") func repro() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        try f.expect(0, ["run", "--commit", "-m", "Train", "-j", "2"], in: repo)
        #expect(try f.expect(0, ["cat", "HEAD:metrics/eval.json"], in: repo).stdout.contains("\"accuracy\""))
        let result = try f.expect(0, ["repro", "-j", "1"], in: repo)
        #expect(
            result.stdout == """
                identical  split  work/test.csv
                identical  split  work/train.csv
                identical  train  models/mlp.safetensors
                identical  evaluate  metrics/eval.json

                """)
        let one = try f.expect(0, ["repro", "--stage", "train", "--keep"], in: repo).stdout
        #expect(one.hasPrefix("identical  train  models/mlp.safetensors\nkept       train  "))
        #expect(one.contains("/.mlv/repro/"))
        try f.expect(128, ["repro", "--stage", "nope"], in: repo)
        let json = try #require(try parseJSON(f.expect(0, ["repro", "--json"], in: repo).stdout) as? [[String: Any]])
        #expect(json.allSatisfy { $0["identical"] as? Bool == true })
        // gc keeps the run bundle the commit names, and fsck checks it.
        try f.expect(0, ["gc"], in: repo)
        try f.expect(0, ["fsck"], in: repo)
        try f.expect(0, ["repro"], in: repo)
        let none = try f.expect(128, ["repro", "HEAD~1"], in: repo)
        #expect(none.stderr.contains("names no run records"))
    }

    @Test("metrics, params and lineage come from the committed run records") func history() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        try f.expect(0, ["run", "--commit", "-m", "first"], in: repo)
        try f.write(repo, "mlv.yaml", ClassifierSample.pipeline(epochs: 7))
        try f.expect(0, ["run", "--commit", "-m", "second"], in: repo)
        let show = try f.expect(0, ["metrics", "show"], in: repo).stdout
        #expect(show.hasPrefix("stage     metric") && show.contains("evaluate  accuracy"))
        let params = try f.expect(0, ["params", "diff", "HEAD~1", "HEAD"], in: repo).stdout
        #expect(params == "stage  param   HEAD~1  HEAD\ntrain  epochs  5       7\n")
        let diff = try #require(
            try parseJSON(f.expect(0, ["metrics", "diff", "--json", "HEAD~1", "HEAD"], in: repo).stdout)
                as? [[String: Any]])
        #expect(diff.contains { $0["stage"] as? String == "evaluate" && $0["name"] as? String == "accuracy" })
        let lineage = try f.expect(0, ["lineage", "models/mlp.safetensors"], in: repo).stdout
        #expect(lineage.contains("stage    train (plugin mlp-classifier") && lineage.contains("param    epochs = 7"))
        let old = try f.expect(0, ["lineage", "models/mlp.safetensors", "HEAD~1"], in: repo).stdout
        #expect(old.contains("param    epochs = 5"))
        try f.expect(128, ["lineage", "data.csv"], in: repo)
        // Both commits reproduce.
        try f.expect(0, ["repro", "HEAD~1"], in: repo)
        try f.expect(0, ["repro", "HEAD"], in: repo)
    }

    @Test("an output that is not reproducible is reported and exits 1") func notReproducible() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "seed.txt", "1\n")
        try f.write(
            repo, "mlv.yaml",
            "stages:\n  stamp:\n    cmd: cat /proc/sys/kernel/random/uuid > out.txt\n    deps: [seed.txt]\n    outs: [out.txt]\n"
        )
        try f.expect(0, ["add", "."], in: repo)
        try f.expect(0, ["commit", "-m", "pipeline"], in: repo)
        try f.expect(0, ["run", "--commit", "-m", "stamp"], in: repo)
        let result = try f.expect(1, ["repro"], in: repo)
        #expect(result.stdout == "differs    stamp  out.txt: 37 bytes recorded, 37 bytes now\n")
    }

    @Test("bad pipelines and failing stages are clear errors") func errors() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        #expect(try f.expect(128, ["run"], in: repo).stderr.contains("no mlv.yaml"))
        try f.write(repo, "mlv.yaml", "stages:\n  train:\n    plugin: mlp\n    deps: []\n    outs: [m.bin]\n")
        #expect(try f.expect(128, ["run"], in: repo).stderr.contains("stage \"train\""))
        try f.write(repo, "mlv.yaml", "stages:\n  fail:\n    cmd: exit 3\n    deps: []\n    outs: [never.txt]\n")
        #expect(try f.expect(128, ["run"], in: repo).stderr.contains("stage \"fail\": command exited with status 3"))
        try f.expect(129, ["run", "-m", "no commit"], in: repo)
    }
}
