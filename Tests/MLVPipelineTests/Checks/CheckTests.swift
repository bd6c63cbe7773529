import MLVPipeline
import MLVRepository
import Testing

/// The `checks:` grammar of `mlv.yaml` and how metrics are found in run records.
@Suite struct CheckTests {
    @Test("every form of check parses") func grammar() throws {
        let checks = try PipelineFile.parseGates(
            """
            checks:
              - accuracy >= 0.9
              - train.accuracy>0.8
              - rmse < 1.5
              - accuracy: max_drop 0.01 vs main
              - rmse: max_rise 0.05 vs v1.0
              - drift data/train.csv: psi <= 0.25 vs main
              - "drift data/train.csv:age: p_value >= 0.01 vs HEAD~1"
              - "eval.accuracy: max_drop 0.05 vs main"
            """
        ).checks
        #expect(
            checks.map(\.rule) == [
                .threshold(metric: "accuracy", .atLeast, 0.9), .threshold(metric: "train.accuracy", .greater, 0.8),
                .threshold(metric: "rmse", .less, 1.5), .maxDrop(metric: "accuracy", 0.01, baseline: "main"),
                .maxRise(metric: "rmse", 0.05, baseline: "v1.0"),
                .drift(
                    path: try #require(RepoPath("data/train.csv")), column: nil, .psi, .atMost, 0.25, baseline: "main"),
                .drift(
                    path: try #require(RepoPath("data/train.csv")), column: "age", .pValue, .atLeast, 0.01,
                    baseline: "HEAD~1"),
                .maxDrop(metric: "eval.accuracy", 0.05, baseline: "main"),
            ])
        #expect(checks[3].text == "accuracy: max_drop 0.01 vs main")
        #expect(checks[7].text == "eval.accuracy: max_drop 0.05 vs main")
    }

    @Test(
        "a bad check is an error naming it and what is wrong",
        arguments: [
            (
                "- accuracy => 0.9",
                "mlv.yaml: check 1 \"accuracy => 0.9\": expected <metric> <op> <number> (op: >=, >, <=, <, ==)", nil
            ),
            (
                "- accuracy: max_dorp 0.01 vs main",
                "mlv.yaml: check 1 \"accuracy: max_dorp 0.01 vs main\": expected max_drop <number> vs <revision> or max_rise <number> vs <revision>",
                "did you mean \"max_drop\"?"
            ),
            (
                "- drift t.csv: psii <= 0.2 vs main",
                "mlv.yaml: check 1 \"drift t.csv: psii <= 0.2 vs main\": unknown drift statistic \"psii\" (psi, ks, p_value, missing)",
                "did you mean \"psi\"?"
            ),
            (
                "- drift t.csv: psi <= 0.2",
                "mlv.yaml: check 1 \"drift t.csv: psi <= 0.2\": expected <statistic> <op> <number> vs <revision>", nil
            ),
            (
                "- 3",
                "mlv.yaml: check 1 is a number: write a string (accuracy >= 0.9) or one key (accuracy: max_drop 0.01 vs main)",
                nil
            ),
        ] as [(String, String, String?)])
    func errors(item: String, message: String, hint: String?) {
        do {
            _ = try PipelineFile.parseGates("checks:\n  \(item)\n")
            Issue.record("parsed")
        } catch {
            #expect(error.message == message)
            #expect(error.hint == hint)
        }
    }

    @Test("checks must be a list; a misspelt section gets a did-you-mean") func sections() {
        do {
            _ = try PipelineFile.parseGates("checks:\n  accuracy: 0.9\n")
            Issue.record("parsed")
        } catch {
            #expect(error.message == "mlv.yaml: \"checks\" is a mapping, not a list")
        }
        do {
            _ = try PipelineFile.parseGates("chekcs: []\n")
            Issue.record("parsed")
        } catch {
            #expect(error.hint == "did you mean \"checks\"?")
        }
    }

    @Test("operators compare as written") func comparisons() {
        #expect(Check.Comparison.atLeast.holds(0.9, 0.9) && !Check.Comparison.greater.holds(0.9, 0.9))
        #expect(Check.Comparison.atMost.holds(1, 1) && !Check.Comparison.less.holds(1, 1))
        #expect(Check.Comparison.equal.holds(2, 2) && !Check.Comparison.equal.holds(2, 2.5))
    }
}
