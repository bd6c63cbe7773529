import Foundation
import MLVStorage
import MLVTestSupport
import Testing

/// `mlv drift`, `mlv check` and `mlv eval` end to end, on real repositories and real runs.
@Suite struct MonitorCLITests {
    static let stages = """
        stages:
          split:
            plugin: split
            deps: [data.csv]
            params: {test_fraction: 0.25, seed: 3}
            outs: [work/train.csv, work/test.csv]
          train:
            plugin: logistic-regression
            deps: [work/train.csv]
            params: {target: label, epochs: 30, seed: 7}
            outs: [models/model.safetensors]
          evaluate:
            plugin: evaluate
            deps: [models/model.safetensors, work/test.csv]
            metrics: metrics/eval.json

        """

    /// A seeded three-class table; `shift` moves x1 (drift for the data, harm for the model).
    static func data(seed: UInt64, rows: Int = 240, shift: Double = 0) -> String {
        var rng = SplitMix64(seed: seed)
        var csv = "x1,x2,color,label\n"
        for _ in 0..<rows {
            let label = Int(rng.next() % 3)
            let noise = { Double(rng.next() % 1000) / 1000 - 0.5 }
            let color = ["red", "green", "blue"][Int(rng.next() % 3)]
            csv += "\(Double(label) * 2 + noise() + shift),\(Double(-label) + noise()),\(color),\(label)\n"
        }
        return csv
    }

    /// A repository whose HEAD is a committed run of the pipeline with `checks`.
    func trained(_ f: CLIFixture, checks: String) throws -> URL {
        let repo = try f.initRepository()
        try f.write(repo, "data.csv", Self.data(seed: 5))
        try f.write(repo, "mlv.yaml", Self.stages + checks)
        try f.expect(0, ["add", "."], in: repo)
        try f.expect(0, ["commit", "-m", "data and pipeline"], in: repo)
        try f.expect(0, ["run", "--commit"], in: repo)
        return repo
    }

    @Test("drift: same data exits 0, shifted data exits 1, --json has the figures") func drift() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "data.csv", Self.data(seed: 1, rows: 2000))
        try f.expect(0, ["add", "."], in: repo)
        try f.expect(0, ["commit", "-m", "one"], in: repo)
        try f.write(repo, "data.csv", Self.data(seed: 2, rows: 2000))
        try f.expect(0, ["commit", "-a", "-m", "same distribution"], in: repo)
        try f.write(
            repo, "data.csv", Self.data(seed: 3, rows: 2000, shift: 1.5).replacingOccurrences(of: "red", with: "pink"))
        try f.expect(0, ["commit", "-a", "-m", "shifted"], in: repo)
        let same = try f.expect(0, ["drift", "HEAD~2", "HEAD~1"], in: repo)
        #expect(same.stdout.hasPrefix("data.csv: 2000 → 2000 rows\ncolumn"))
        #expect(!same.stdout.contains(" drift "))
        let shifted = try f.expect(1, ["drift", "HEAD~1", "HEAD", "--json"], in: repo)
        let json = try #require(try parseJSON(shifted.stdout) as? [String: Any])
        #expect(json["drifted"] as? Bool == true)
        let table = try #require((json["tables"] as? [[String: Any]])?.first)
        #expect(table["path"] as? String == "data.csv" && table["rows_before"] as? Int == 2000)
        let columns = try #require(table["columns"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: columns.map { ($0["column"] as? String ?? "", $0) })
        #expect(byName["x1"]?["verdict"] as? String == "drift")
        #expect((byName["x1"]?["psi"] as? Double ?? 0) > 0.2)
        #expect(byName["x1"]?["ks_p_value"] is Double && byName["x1"]?["kind"] as? String == "numeric")
        #expect(byName["x2"]?["verdict"] as? String == "ok")
        #expect(byName["color"]?["new_categories"] as? [String] == ["pink"])
        #expect(byName["color"]?["vanished_categories"] as? [String] == ["red"])
        #expect(byName["color"]?["chi_square_p_value"] is Double)
        // Thresholds from mlv.yaml: x1 and color loosened to pass.
        try f.write(repo, "mlv.yaml", "drift:\n  columns:\n    x1: {ignore: true}\n    color: {psi: 100, p_value: 0}\n")
        try f.expect(0, ["drift", "HEAD~1", "HEAD", "--", "data.csv"], in: repo)
        // Flags override the global values, not the per-column ones.
        try f.expect(1, ["drift", "HEAD~2", "HEAD~1", "--psi", "0.0001"], in: repo)
    }

    @Test("drift: a schema change drifts; a non-table file, a missing path, an unknown revision exit 128")
    func driftErrors() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "t.csv", "a,b\n1,2\n3,4\n")
        try f.write(repo, "w.safetensors", "\u{8}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}{}      ")
        try f.expect(0, ["add", "."], in: repo)
        try f.expect(0, ["commit", "-m", "one"], in: repo)
        try f.write(repo, "t.csv", "a,c\n1,2\n3,4\n")
        try f.expect(0, ["commit", "-a", "-m", "two"], in: repo)
        let schema = try f.expect(1, ["drift", "HEAD~1", "HEAD"], in: repo)
        #expect(schema.stdout.contains("column removed") && schema.stdout.contains("column added"))
        let table = try f.expect(128, ["drift", "HEAD~1", "HEAD", "--", "w.safetensors"], in: repo)
        #expect(table.stderr == "fatal: 'w.safetensors' is not a CSV or TSV table\n")
        let missing = try f.expect(128, ["drift", "HEAD~1", "HEAD", "--", "nope.csv"], in: repo)
        #expect(missing.stderr == "fatal: 'nope.csv' does not exist in 'HEAD~1'\n")
        try f.expect(128, ["drift", "nope", "HEAD"], in: repo)
    }

    @Test("check: passing gates exit 0, failing ones exit 1 with the reason, errors exit 128") func check() throws {
        let f = try CLIFixture()
        let repo = try trained(f, checks: "checks:\n  - accuracy >= 0.5\n  - evaluate.rows == 60\n")
        let passed = try f.expect(0, ["check"], in: repo)
        #expect(passed.stdout.hasPrefix("check"))
        #expect(passed.stdout.contains("evaluate.rows == 60  60      60        pass"))
        let json = try #require(try parseJSON(f.expect(0, ["check", "--json"], in: repo).stdout) as? [String: Any])
        #expect(json["passed"] as? Bool == true && json["run"] is String)
        #expect((json["checks"] as? [[String: Any]])?.first?["check"] as? String == "accuracy >= 0.5")

        try f.write(
            repo, "mlv.yaml", Self.stages + "checks:\n  - accuracy > 1\n  - acuracy >= 0.5\n  - accuracy >= 0.5\n")
        let failed = try f.expect(1, ["check"], in: repo)
        #expect(failed.stdout.contains("FAIL") && failed.stdout.contains("is not > 1"))
        #expect(failed.stdout.contains("metric 'acuracy' is not in the run (did you mean 'accuracy'?)"))
        // With a revision, that revision's mlv.yaml: the committed checks pass.
        try f.expect(0, ["check", "HEAD"], in: repo)

        try f.write(repo, "mlv.yaml", Self.stages + "checks:\n  - accuracy: max_drop 0.01 vs nope\n")
        let unknown = try f.expect(128, ["check"], in: repo)
        #expect(unknown.stderr.hasPrefix("fatal: unknown revision 'nope'"))
        try f.write(repo, "mlv.yaml", Self.stages + "checks:\n  - accuracy >= 0.9.1\n")
        try f.expect(128, ["check"], in: repo)
        try f.expect(128, ["check", "HEAD~1"], in: repo)  // no run at or before it
    }

    @Test("check against a baseline: max_drop, max_rise and drift gates") func baseline() throws {
        let f = try CLIFixture()
        let gates = """
            checks:
              - accuracy: max_drop 0.05 vs main
              - log_loss: max_rise 0.5 vs main
              - drift data.csv: psi <= 0.25 vs main

            """
        let repo = try trained(f, checks: gates)
        try f.expect(0, ["check"], in: repo)
        try f.expect(0, ["switch", "-c", "shifted"], in: repo)
        try f.write(repo, "data.csv", Self.data(seed: 6, shift: 3))
        try f.expect(0, ["commit", "-a", "-m", "shifted data"], in: repo)
        try f.expect(0, ["run", "--commit"], in: repo)
        let result = try f.expect(1, ["check", "--json"], in: repo)
        let json = try #require(try parseJSON(result.stdout) as? [String: Any])
        let checks = try #require(json["checks"] as? [[String: Any]])
        let drift = try #require(checks.first { ($0["check"] as? String)?.hasPrefix("drift") == true })
        #expect(drift["passed"] as? Bool == false)
        #expect((drift["reason"] as? String)?.hasPrefix("column 'x1'") == true)
        #expect(checks.allSatisfy { $0["baseline"] is Double })
    }

    @Test("eval: a stored model on another revision's data; bad inputs exit 128") func eval() throws {
        let f = try CLIFixture()
        let repo = try trained(f, checks: "")
        try f.write(repo, "data.csv", Self.data(seed: 9, shift: 3))
        try f.expect(0, ["commit", "-a", "-m", "new data"], in: repo)
        let output = f.scratch.appending("metrics.json")
        let today = try f.expect(
            0, ["eval", "--model", "HEAD~1:models/model.safetensors", "--data", "HEAD:data.csv", "-o", output.path],
            in: repo)
        #expect(today.stdout.hasPrefix("metric") && today.stdout.contains("accuracy"))
        let json = try #require(
            try parseJSON(String(decoding: Data(contentsOf: output), as: UTF8.self)) as? [String: Any])
        #expect(json["rows"] as? Double == 240)
        let yesterday = try #require(
            try parseJSON(
                f.expect(
                    0, ["eval", "--json", "--model", "HEAD~1:models/model.safetensors", "--data", "HEAD~1:data.csv"],
                    in: repo
                ).stdout) as? [String: Any])
        #expect((yesterday["accuracy"] as? Double ?? 0) > (json["accuracy"] as? Double ?? 1))

        try f.expect(128, ["eval", "--model", "nope:models/model.safetensors", "--data", "HEAD:data.csv"], in: repo)
        let missing = try f.expect(
            128, ["eval", "--model", "HEAD:models/none.safetensors", "--data", "HEAD:data.csv"], in: repo)
        #expect(missing.stderr.contains("'models/none.safetensors' does not exist in 'HEAD'"))
        let notModel = try f.expect(128, ["eval", "--model", "HEAD:data.csv", "--data", "HEAD:data.csv"], in: repo)
        #expect(notModel.stderr.hasPrefix("fatal: ") && notModel.stderr.split(separator: "\n").count == 1)
        try f.write(repo, "nolabel.csv", "x1,x2,color\n1,2,red\n")
        try f.expect(0, ["add", "nolabel.csv"], in: repo)
        try f.expect(0, ["commit", "-m", "no label"], in: repo)
        let noTarget = try f.expect(
            128, ["eval", "--model", "HEAD:models/model.safetensors", "--data", "HEAD:nolabel.csv"], in: repo)
        #expect(noTarget.stderr.hasPrefix("fatal: ") && noTarget.stderr.contains("label"))
    }
}
