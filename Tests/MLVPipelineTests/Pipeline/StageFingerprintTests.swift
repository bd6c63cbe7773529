import MLVPipeline
import MLVRepository
import MLVStorage
import Testing

@Suite struct StageFingerprintTests {
    static let stage = Stage(
        name: "train", action: .plugin("mlp-classifier"), deps: [repoPath("data"), repoPath("labels.csv")],
        params: .keys(["lr", "seed"]), resolvedParams: ["seed": .number(7), "lr": .number(0.001)],
        outs: [repoPath("model.safetensors")], metrics: RepoPath("metrics.json"))
    static let environment = RunEnvironment(
        pluginVersion: "1", mlvVersion: "0.1.0", computeVersion: "1",
        kernelSignature: "portable tile 4x8 kc 256 nc 1024 sum fma-chain-k-order")

    static func id(_ byte: UInt8) -> ObjectID {
        repeatedID(byte)
    }

    /// `data/` holds two files (returned out of order); `labels.csv` is one file.
    static func files(_ changed: UInt8 = 0xbb) -> (RepoPath) throws -> [(RepoPath, ObjectID)] {
        { dep in
            switch dep.rawValue {
            case "data": [(repoPath("data/b.csv"), id(changed)), (repoPath("data/a.csv"), id(0xaa))]
            case "labels.csv": [(dep, id(0xcc))]
            default: []
            }
        }
    }

    func fingerprint(
        stage: Stage = stage, environment: RunEnvironment = environment,
        files: (RepoPath) throws -> [(RepoPath, ObjectID)] = files()
    ) throws -> String {
        try StageFingerprint(stage: stage, environment: environment, fileIDs: files).description
    }

    @Test("hashes exactly the documented bytes") func canonicalBytes() throws {
        let bytes = try StageFingerprint.canonicalBytes(
            stage: Self.stage, environment: Self.environment, fileIDs: Self.files())
        let a = String(repeating: "aa", count: 32)
        let b = String(repeating: "bb", count: 32)
        let c = String(repeating: "cc", count: 32)
        let expected = """
            mlv-run-fingerprint 1
            plugin-id 14
            mlp-classifier
            plugin-version 1
            1
            params 21
            {"lr":0.001,"seed":7}
            compute-version 1
            1
            kernel-variant 54
            portable tile 4x8 kc 256 nc 1024 sum fma-chain-k-order
            dep 4
            data
            file 75
            \(a) data/a.csv
            file 75
            \(b) data/b.csv
            dep 10
            labels.csv
            file 75
            \(c) labels.csv
            out 17
            model.safetensors
            metrics 12
            metrics.json

            """
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        #expect(try fingerprint() == SHA256Hasher.hash(bytes).description)
    }

    @Test("is stable: the same inputs give the same hex") func stable() throws {
        let first = try fingerprint()
        #expect(try fingerprint() == first)
        var reordered = Self.stage
        reordered.resolvedParams = ["lr": .number(0.001), "seed": .number(7)]
        #expect(try fingerprint(stage: reordered) == first)
        var recorded = Self.environment
        recorded.mlvVersion = "0.2.0"
        #expect(try fingerprint(environment: recorded) == first, "the mlv version is recorded, not hashed")
        #expect(first.utf8.count == 64)
    }

    @Test("changes with any single input", arguments: 0..<10)
    func changes(variant: Int) throws {
        var stage = Self.stage
        var environment = Self.environment
        var files = Self.files()
        switch variant {
        case 0: environment.pluginVersion = "2"
        case 1: stage.resolvedParams["lr"] = .number(0.0011)
        case 2: stage.resolvedParams["seed"] = .string("7")
        case 3: files = Self.files(0xbc)
        case 4: environment.kernelSignature = "x86_64-avx2-fma tile 6x16 kc 256 nc 1024 sum fma-chain-k-order"
        case 5: environment.computeVersion = "2"
        case 6: environment.pluginDigest = Self.id(0x01)
        case 7: stage.action = .command("mlp-classifier")
        case 8: stage.outs = [repoPath("model2.safetensors")]
        default: stage.deps.reverse()
        }
        #expect(try fingerprint(stage: stage, environment: environment, files: files) != fingerprint())
    }

    @Test("refuses a plugin stage without a version, and files outside the dep") func errors() {
        var environment = Self.environment
        environment.pluginVersion = nil
        #expect(throws: PipelineError.self) { try fingerprint(environment: environment) }
        #expect(throws: PipelineError.self) {
            try fingerprint(files: { _ in [(repoPath("elsewhere.csv"), Self.id(1))] })
        }
    }
}
