import Foundation
import MLVFormats
import MLVTestSupport
import Testing

/// `mlv diff` end to end: git's forms, each kind of content, outputs and fallbacks.
@Suite struct DiffCommandTests {
    static func tensors(_ scale: Float, extra: Bool = false) throws -> [UInt8] {
        var entries = [
            try SafetensorsTensor(name: "w", shape: [2, 3], floats: [1, 2, 3, 4, 5, 6].map { $0 * scale }),
            try SafetensorsTensor(name: "b", shape: [3], floats: [0.5, 0.25, 0]),
        ]
        if extra { entries.append(try SafetensorsTensor(name: "step", shape: [1], int64s: [7])) }
        return try SafetensorsFile(tensors: entries).encode()
    }

    func write(_ root: URL, _ path: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: root.appendingPathComponent(path))
    }

    /// Two commits changing a text file, a table, a checkpoint and a binary file.
    func prepared(_ f: CLIFixture) throws -> URL {
        let repo = try f.initRepository()
        try f.write(repo, "notes.txt", "alpha\nbeta\ngamma\n")
        try f.write(repo, "prices.csv", "id,name,price\n1,apple,1.5\n2,pear,2.0\n3,fig,3.25\n")
        try write(repo, "model.safetensors", try Self.tensors(1))
        try write(repo, "blob.bin", [0, 1, 2, 3] + Array(repeating: 9, count: 100))
        try f.expect(0, ["add", "."], in: repo)
        try f.expect(0, ["commit", "-m", "one"], in: repo)
        try f.write(repo, "notes.txt", "alpha\nBETA\ngamma\ndelta\n")
        try f.write(repo, "prices.csv", "id,name,price\n1,apple,1.75\n3,fig,3.25\n4,kiwi,0.5\n")
        try write(repo, "model.safetensors", try Self.tensors(2, extra: true))
        try write(repo, "blob.bin", [0, 1, 2, 3] + Array(repeating: 8, count: 100))
        try f.expect(0, ["commit", "-a", "-m", "two"], in: repo)
        return repo
    }

    @Test("each kind of content renders as its own diff") func kinds() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        let result = try f.expect(0, ["diff", "--color=never", "HEAD~1", "HEAD"], in: repo)
        assertGolden(result.stdout, named: "diffKinds")
        #expect(try f.expect(0, ["diff", "HEAD~1..HEAD", "--color=never"], in: repo).stdout == result.stdout)
        assertGolden(try f.expect(0, ["diff", "--stat", "HEAD~1", "HEAD"], in: repo).stdout, named: "diffStat")
        assertGolden(try f.expect(0, ["diff", "--summary", "HEAD~1", "HEAD"], in: repo).stdout, named: "diffSummary")
    }

    @Test("worktree, --staged, one revision, and -- paths") func forms() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        #expect(try f.expect(0, ["diff"], in: repo).stdout.isEmpty)
        try f.write(repo, "notes.txt", "alpha\n")
        let unstaged = try f.expect(0, ["diff", "--name-status"], in: repo).stdout
        #expect(unstaged == "M\tnotes.txt\n")
        #expect(try f.expect(0, ["diff", "--staged", "--name-only"], in: repo).stdout.isEmpty)
        try f.expect(1, ["diff", "--exit-code"], in: repo)
        try f.expect(0, ["add", "notes.txt"], in: repo)
        #expect(try f.expect(0, ["diff", "--cached", "--name-only"], in: repo).stdout == "notes.txt\n")
        let limited = try f.expect(0, ["diff", "--name-only", "HEAD~1", "--", "prices.csv", "notes.txt"], in: repo)
        #expect(limited.stdout == "notes.txt\nprices.csv\n")
        let text = try f.expect(0, ["diff", "HEAD~1", "--color=never", "--", "notes.txt"], in: repo).stdout
        #expect(text.contains("--- a/notes.txt\n+++ b/notes.txt\n@@ -1,3 +1 @@\n alpha\n-beta\n-gamma\n"))
    }

    @Test("--json gives each file's kind, summary and its kind's document") func json() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        let files = try #require(
            try parseJSON(f.expect(0, ["diff", "--json", "HEAD~1", "HEAD"], in: repo).stdout) as? [[String: Any]])
        let kinds = Dictionary(
            uniqueKeysWithValues: files.map { ($0["path"] as? String ?? "", $0["kind"] as? String ?? "") })
        #expect(
            kinds == ["notes.txt": "text", "prices.csv": "table", "model.safetensors": "tensor", "blob.bin": "binary"])
        let table = try #require(files.first { $0["kind"] as? String == "table" }?["table"] as? [String: Any])
        #expect(
            table["rowsAdded"] as? Int == 1 && table["rowsRemoved"] as? Int == 1 && table["rowsModified"] as? Int == 1)
        let tensor = try #require(files.first { $0["kind"] as? String == "tensor" }?["tensor"] as? [String: Any])
        #expect((tensor["counts"] as? [String: Any])?["added"] as? Int == 1)
    }

    @Test("keys from --key or .mlvattributes match rows") func keys() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        let keyed = try f.expect(0, ["diff", "--key", "id", "HEAD~1", "HEAD", "--", "prices.csv"], in: repo).stdout
        #expect(keyed.contains("~ row 1 (id=1): price 1.5 → 1.75"))
        try f.write(repo, ".mlvattributes", "*.csv key=id\n")
        let declared = try f.expect(0, ["diff", "HEAD~1", "HEAD", "--", "prices.csv"], in: repo).stdout
        #expect(declared == keyed)
        let plain = try f.expect(0, ["diff", "--no-table", "HEAD~1", "HEAD", "--", "prices.csv"], in: repo).stdout
        #expect(plain.contains("-1,apple,1.5\n"))
    }

    @Test("a broken table or checkpoint falls back with a warning naming the file") func fallbacks() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        try f.write(repo, "prices.csv", "id,name,price\n1,\"apple,1.5\n")
        let table = try f.expect(0, ["diff", "--color=never"], in: repo)
        #expect(table.stderr.contains("warning: ") && table.stderr.contains("prices.csv"))
        #expect(table.stdout.contains("+1,\"apple,1.5"))
        var broken = try Self.tensors(3)
        broken[0] = 0xFF  // header length past the end of the file
        try write(repo, "model.safetensors", broken)
        let tensor = try f.expect(0, ["diff", "--color=never", "--", "model.safetensors"], in: repo)
        #expect(tensor.stderr.contains("model.safetensors"))
        #expect(tensor.stdout.contains("Binary files a/model.safetensors and b/model.safetensors differ"))
    }

    @Test("show prints the commit's content diff, its stat, or its changed paths") func show() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        let full = try f.expect(0, ["show", "--color=never"], in: repo).stdout
        let diff = try f.expect(0, ["diff", "--color=never", "HEAD~1", "HEAD"], in: repo).stdout
        #expect(full.hasPrefix("commit ") && full.hasSuffix(diff))
        let stat = try f.expect(0, ["show", "--stat"], in: repo).stdout
        #expect(stat.hasSuffix(try f.expect(0, ["diff", "--stat", "HEAD~1", "HEAD"], in: repo).stdout))
        #expect(try f.expect(0, ["show", "--name-status", "HEAD~1"], in: repo).stdout.contains("A\tprices.csv\n"))
        let root = try f.expect(0, ["show", "--color=never", "HEAD~1"], in: repo).stdout
        #expect(root.contains("new file\n--- /dev/null\n+++ b/notes.txt\n@@ -0,0 +1,3 @@\n+alpha\n"))
    }

    @Test("bad usage exits 129") func usage() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        try f.expect(129, ["diff", "a", "b", "c"], in: repo)
        try f.expect(129, ["diff", "--color=sometimes"], in: repo)
        try f.expect(128, ["diff", "no-such-rev"], in: repo)
    }
}
