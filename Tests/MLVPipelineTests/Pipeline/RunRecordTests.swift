import Foundation
import MLVPipeline
import MLVRepository
import MLVStorage
import Testing

@Suite struct RunRecordTests {
    static func id(_ byte: UInt8) -> ObjectID { repeatedID(byte) }

    static let record = RunRecord(
        stage: "train", action: .plugin("mlp-classifier"),
        environment: RunEnvironment(
            pluginVersion: "1", mlvVersion: "0.1.0", computeVersion: "1",
            kernelSignature: "portable tile 4x8 kc 256 nc 1024 sum fma-chain-k-order"),
        params: [
            "lr": .number(0.001), "layers": .list([.number(16), .number(8)]), "opt": .table(["name": .string("adam")]),
        ],
        seed: 18_446_744_073_709_551_615,
        inputs: [repoPath("data/b.csv"): id(0xbb), repoPath("data/a.csv"): id(0xaa)],
        outputs: [repoPath("model.safetensors"): id(0xcc), repoPath("metrics.json"): id(0xdd)],
        metrics: ["accuracy": 0.9375, "loss": 0.25, "epochs": 3],
        fingerprint: StageFingerprint(id: id(0xee)))

    /// The canonical bytes of ``record``, written out by hand from docs/FORMAT.md: any change
    /// to the encoding fails here (the inline form of a golden file).
    static let expected: String = {
        let a = String(repeating: "aa", count: 32)
        let b = String(repeating: "bb", count: 32)
        let c = String(repeating: "cc", count: 32)
        let d = String(repeating: "dd", count: 32)
        let e = String(repeating: "ee", count: 32)
        return #"{"compute_version":"1","fingerprint":"\#(e)","format":1,"#
            + #""inputs":{"data/a.csv":"\#(a)","data/b.csv":"\#(b)"},"#
            + #""kernel_variant":"portable tile 4x8 kc 256 nc 1024 sum fma-chain-k-order","#
            + #""metrics":{"accuracy":0.9375,"epochs":3,"loss":0.25},"mlv_version":"0.1.0","#
            + #""outputs":{"metrics.json":"\#(d)","model.safetensors":"\#(c)"},"#
            + #""params":{"layers":[16,8],"lr":0.001,"opt":{"name":"adam"}},"#
            + #""plugin":{"id":"mlp-classifier","version":"1"},"seed":"18446744073709551615","stage":"train"}"#
    }()

    @Test("encodes canonical bytes: sorted keys, no whitespace") func canonical() throws {
        let bytes = try Self.record.canonicalBytes()
        #expect(String(decoding: bytes, as: UTF8.self) == Self.expected)
        #expect(try Self.record.id() == SHA256Hasher.hash(bytes))
    }

    @Test("round-trips through its bytes and through Codable") func roundTrip() throws {
        let bytes = try Self.record.canonicalBytes()
        let decoded = try RunRecord.decode(bytes)
        #expect(decoded == Self.record)
        #expect(try decoded.canonicalBytes() == bytes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let viaCodable = try JSONDecoder().decode(RunRecord.self, from: try encoder.encode(Self.record))
        #expect(viaCodable == Self.record)
    }

    @Test("records a command stage and an external plugin's digest") func commandAndDigest() throws {
        var record = Self.record
        record.action = .command("python train.py")
        record.environment.pluginVersion = nil
        #expect(try RunRecord.decode(record.canonicalBytes()) == record)
        #expect(String(decoding: try record.canonicalBytes(), as: UTF8.self).contains(#""cmd":"python train.py""#))
        record = Self.record
        record.environment.pluginDigest = Self.id(0x01)
        let text = String(decoding: try record.canonicalBytes(), as: UTF8.self)
        #expect(text.contains(#""plugin_digest":"\#(String(repeating: "01", count: 32))""#))
        #expect(try RunRecord.decode(Array(text.utf8)) == record)
    }

    @Test("refuses a metric that JSON cannot hold") func nonFinite() {
        var record = Self.record
        record.metrics["loss"] = .nan
        #expect(throws: PipelineError.self) { try record.canonicalBytes() }
    }

    @Test(
        "refuses damaged records, naming the field",
        arguments: [
            ("[]", "", "run record: not a JSON object"),
            ("{", "", "run record is not valid JSON: expected a string key at byte 1"),
            (#""format":1,"#, "", "run record: missing field \"format\""),
            (#""format":1,"#, #""format":2,"#, "run record: format 2 is not supported (this mlv reads 1)"),
            (#""stage":"train""#, #""stage":3"#, "run record: field \"stage\" is not a string"),
            (
                #""seed":"18446744073709551615""#, #""seed":"-1""#,
                "run record: \"seed\" is not a decimal unsigned 64-bit integer"
            ),
            (#""data/a.csv""#, #""../a.csv""#, "run record: inputs: \"../a.csv\" is not a worktree path"),
            (
                #""fingerprint":""#, #""fingerprint":"EE"#,
                "run record: field \"fingerprint\" is not 64 lowercase hex digits"
            ),
            (#""stage":"train""#, #""stage":"train","wall_time":1.5"#, "run record: unknown field \"wall_time\""),
            (
                #""plugin":{"id":"mlp-classifier","version":"1"},"#, "",
                "run record: needs exactly one of \"plugin\" and \"cmd\""
            ),
            (#""epochs":3"#, #""epochs":"3""#, "run record: metrics: \"epochs\" is not a number"),
            (#""epochs":3"#, #""epochs":3,"epochs":4"#, "run record: key \"epochs\" appears twice"),
            (#""epochs":3"#, #""epochs":1e999"#, "run record: number 1e999 is out of range"),
            (#""lr":0.001"#, #""lr":null"#, "run record: params: \"lr\" holds null"),
        ])
    func damaged(find: String, replace: String, message: String) {
        let text: String
        if find == "[]" || find == "{" {
            text = find
        } else {
            text = Self.expected.replacingOccurrences(of: find, with: replace)
        }
        let error = pipelineError { _ = try RunRecord.decode(Array(text.utf8)) }
        #expect(error?.message == message)
    }

    @Test("is made from a stage and the files before and after the run") func fromStage() throws {
        let stage = Stage(
            name: "train", action: .plugin("mlp-classifier"), deps: [repoPath("data")],
            resolvedParams: ["lr": .number(0.001)], outs: [repoPath("model")], metrics: repoPath("m.json"))
        let before = FileIDIndex([(repoPath("data/a.csv"), repeatedID(1)), (repoPath("other"), repeatedID(2))])
        let after = FileIDIndex([
            (repoPath("data/a.csv"), repeatedID(1)), (repoPath("model/w.safetensors"), repeatedID(3)),
            (repoPath("m.json"), repeatedID(4)),
        ])
        let record = RunRecord(
            stage: stage, environment: Self.record.environment, seed: 7, fingerprint: Self.record.fingerprint,
            before: before, after: after, metrics: ["accuracy": 1])
        #expect(record.stage == "train")
        #expect(record.params == ["lr": .number(0.001)])
        #expect(record.inputs == [repoPath("data/a.csv"): repeatedID(1)])
        #expect(record.outputs == [repoPath("model/w.safetensors"): repeatedID(3), repoPath("m.json"): repeatedID(4)])
        #expect(try RunRecord.decode(record.canonicalBytes()) == record)
    }
}
