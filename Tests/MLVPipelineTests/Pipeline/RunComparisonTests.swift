import MLVPipeline
import MLVRepository
import MLVStorage
import Testing

@Suite struct RunComparisonTests {
    @Test("equal records have no differences") func equal() {
        let comparison = RunComparison(expected: RunRecordTests.record, actual: RunRecordTests.record)
        #expect(comparison.differences.isEmpty)
        #expect(comparison.outputsIdentical && comparison.sameEnvironment)
    }

    @Test("lists every difference in report order") func differences() {
        var actual = RunRecordTests.record
        actual.environment.kernelSignature = "x86_64-avx2-fma"
        actual.environment.mlvVersion = "0.2.0"
        actual.params["lr"] = .number(0.01)
        actual.params["extra"] = .bool(true)
        actual.seed = 1
        actual.inputs[repoPath("data/a.csv")] = repeatedID(0x0a)
        actual.outputs[repoPath("model.safetensors")] = repeatedID(0x0c)
        actual.outputs[repoPath("metrics.json")] = nil
        actual.metrics["accuracy"] = 0.5
        let comparison = RunComparison(expected: RunRecordTests.record, actual: actual)
        let expected: [RunComparison.Difference] = [
            .environment(field: "mlv_version", expected: "0.1.0", actual: "0.2.0"),
            .environment(
                field: "kernel_variant", expected: "portable tile 4x8 kc 256 nc 1024 sum fma-chain-k-order",
                actual: "x86_64-avx2-fma"),
            .parameter(key: "extra", expected: nil, actual: .bool(true)),
            .parameter(key: "lr", expected: .number(0.001), actual: .number(0.01)),
            .seed(expected: 18_446_744_073_709_551_615, actual: 1),
            .input(repoPath("data/a.csv"), expected: repeatedID(0xaa), actual: repeatedID(0x0a)),
            .output(repoPath("metrics.json"), expected: repeatedID(0xdd), actual: nil),
            .output(repoPath("model.safetensors"), expected: repeatedID(0xcc), actual: repeatedID(0x0c)),
            .metric(name: "accuracy", expected: 0.9375, actual: 0.5),
        ]
        #expect(comparison.differences == expected)
        #expect(!comparison.outputsIdentical)
        #expect(!comparison.sameEnvironment)
    }

    @Test("a plugin replaced by a command shows both fields") func action() {
        var actual = RunRecordTests.record
        actual.action = .command("python train.py")
        actual.environment.pluginVersion = nil
        let comparison = RunComparison(expected: RunRecordTests.record, actual: actual)
        #expect(
            comparison.differences == [
                .environment(field: "plugin", expected: "mlp-classifier", actual: nil),
                .environment(field: "plugin_version", expected: "1", actual: nil),
                .environment(field: "cmd", expected: nil, actual: "python train.py"),
            ])
        #expect(comparison.outputsIdentical)
    }
}
