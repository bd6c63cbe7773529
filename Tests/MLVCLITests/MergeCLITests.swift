import Foundation
import MLVStorage
import MLVTestSupport
import Testing

extension CLIFixture {
    /// Writes files (nil deletes), `add .`, `commit -m`.
    func commit(_ repo: URL, _ files: [String: String?], _ message: String) throws {
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            if let text {
                try write(repo, path, text)
            } else {
                try FileManager.default.removeItem(at: repo.appendingPathComponent(path))
            }
        }
        try expect(0, ["add", "."], in: repo)
        try expect(0, ["commit", "-q", "-m", message], in: repo)
    }

    func read(_ repo: URL, _ path: String) throws -> String {
        String(decoding: try Data(contentsOf: repo.appendingPathComponent(path)), as: UTF8.self)
    }

    /// main and feature diverged from a base; with `conflicts`, both change `a.txt` and
    /// `data.csv`, and feature deletes `k.txt` that main changes.
    func divergedRepository(conflicts: Bool = true) throws -> URL {
        let repo = try initRepository()
        try commit(repo, ["a.txt": "base\n", "data.csv": "id,x\n1,1\n", "k.txt": "k\n", "z.txt": "z\n"], "base")
        try expect(0, ["switch", "-q", "-c", "feature"], in: repo)
        var theirs: [String: String?] = ["new.txt": "new\n"]
        if conflicts { theirs.merge(["a.txt": "theirs\n", "data.csv": "id,x\n1,3\n", "k.txt": nil]) { $1 } }
        try commit(repo, theirs, "feature work")
        try expect(0, ["switch", "-q", "main"], in: repo)
        var ours: [String: String?] = ["z.txt": "z main\n"]
        if conflicts { ours.merge(["a.txt": "ours\n", "data.csv": "id,x\n1,2\n", "k.txt": "k main\n"]) { $1 } }
        try commit(repo, ours, "main work")
        return repo
    }
}

@Suite struct MergeCLITests {
    @Test("a conflicted merge: CONFLICT lines and exit 1, status, resolution, --continue")
    func conflictTranscript() throws {
        let f = try CLIFixture()
        let repo = try f.divergedRepository()
        let merge = try f.expect(1, ["merge", "feature"], in: repo)
        assertGolden(merge.stdout, named: "mergeConflicts")
        assertGolden(try f.expect(0, ["status"], in: repo).stdout, named: "statusMerging")
        #expect(
            try f.expect(0, ["status", "--porcelain"], in: repo).stdout
                == "UU a.txt\nUU data.csv\nUD k.txt\nA  new.txt\n")
        let json = try #require(
            try parseJSON(try f.expect(0, ["status", "--json"], in: repo).stdout) as? [String: Any])
        #expect(json["merging"] as? Bool == true)
        #expect((json["unmerged"] as? [[String: String]])?.map { $0["status"] ?? "" } == ["UU", "UU", "UD"])
        #expect(try f.read(repo, "a.txt") == "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> feature\n")
        #expect(try f.read(repo, "data.csv.theirs") == "id,x\n1,3\n")

        let again = try f.expect(128, ["merge", "feature"], in: repo)
        #expect(again.stderr.contains("fatal: you have not concluded your merge"))
        let early = try f.expect(128, ["merge", "--continue"], in: repo)
        #expect(early.stderr.contains("unresolved conflicts in a.txt, data.csv, k.txt"), "\(early)")
        try f.expect(128, ["commit", "-m", "too early"], in: repo)

        try f.write(repo, "a.txt", "resolved\n")
        try f.expect(0, ["add", "a.txt", "data.csv"], in: repo)
        try f.expect(0, ["rm", "-q", "k.txt"], in: repo)
        #expect(!FileManager.default.fileExists(atPath: repo.appendingPathComponent("data.csv.theirs").path))
        let status = try f.expect(0, ["status"], in: repo).stdout
        #expect(status.contains("All conflicts fixed but you are still merging."))
        let done = try f.expect(0, ["merge", "--continue"], in: repo)
        #expect(done.stdout.hasSuffix("Merge branch 'feature'\n"))
        let log = try f.expect(0, ["log", "--graph", "--oneline"], in: repo).stdout
        #expect(log.hasPrefix("*   ") && log.contains("|\\  \n| * ") && log.contains("|/  \n"))
        #expect(try f.expect(0, ["status", "--porcelain"], in: repo).stdout == "")
        #expect(try f.expect(0, ["fsck"], in: repo).status == 0)
    }

    @Test("commit without -m concludes a resolved merge with MERGE_MSG; --abort restores the files")
    func commitAndAbort() throws {
        let f = try CLIFixture()
        let repo = try f.divergedRepository()
        try f.expect(1, ["merge", "-q", "feature"], in: repo)
        try f.expect(0, ["merge", "--abort"], in: repo)
        #expect(try f.read(repo, "a.txt") == "ours\n")
        #expect(try f.read(repo, "k.txt") == "k main\n")
        #expect(!FileManager.default.fileExists(atPath: repo.appendingPathComponent("new.txt").path))
        #expect(!FileManager.default.fileExists(atPath: repo.appendingPathComponent("data.csv.base").path))
        #expect(try f.expect(0, ["status", "--porcelain"], in: repo).stdout == "")
        try f.expect(128, ["merge", "--abort"], in: repo)

        try f.expect(1, ["merge", "-q", "feature"], in: repo)
        try f.write(repo, "a.txt", "resolved\n")
        try f.expect(0, ["add", "."], in: repo)
        let commit = try f.expect(0, ["commit"], in: repo)
        #expect(commit.stdout.contains("] Merge branch 'feature'"))
        let head = try #require(
            try parseJSON(try f.expect(0, ["log", "-n", "1", "--json"], in: repo).stdout) as? [[String: Any]])
        #expect((head.first?["parents"] as? [String])?.count == 2)
        try f.expect(129, ["commit"], in: repo)
    }

    @Test("fast-forward, up to date, --ff-only failure, --no-ff, and usage errors")
    func modes() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.commit(repo, ["a.txt": "a\n"], "A")
        try f.expect(0, ["branch", "feature"], in: repo)
        try f.expect(0, ["switch", "-q", "feature"], in: repo)
        try f.commit(repo, ["a.txt": "a2\n", "b.txt": "b\n"], "B")
        try f.expect(0, ["switch", "-q", "main"], in: repo)
        let upToDate = try f.expect(0, ["merge", "main"], in: repo)
        #expect(upToDate.stdout == "Already up to date.\n")
        assertGolden(try f.expect(0, ["merge", "feature"], in: repo).stdout, named: "mergeFastForward")
        #expect(try f.read(repo, "a.txt") == "a2\n")

        try f.expect(0, ["switch", "-q", "feature"], in: repo)
        try f.commit(repo, ["c.txt": "c\n"], "C")
        try f.expect(0, ["switch", "-q", "main"], in: repo)
        try f.commit(repo, ["d.txt": "d\n"], "D")
        let ffOnly = try f.expect(128, ["merge", "--ff-only", "feature"], in: repo)
        #expect(ffOnly.stderr.contains("fatal: not possible to fast-forward to 'feature'"), "\(ffOnly)")
        let porcelain = try f.expect(0, ["merge", "--porcelain", "feature"], in: repo)
        #expect(porcelain.stdout.hasPrefix("merged "))
        try f.expect(129, ["merge", "--ff-only", "--no-ff", "feature"], in: repo)
        try f.expect(129, ["merge"], in: repo)
        try f.expect(129, ["merge", "--abort", "feature"], in: repo)
        try f.expect(128, ["merge", "no-such-branch"], in: repo)
    }

    @Test("merge --json describes the conflicts; exit 1")
    func json() throws {
        let f = try CLIFixture()
        let repo = try f.divergedRepository()
        let result = try f.expect(1, ["merge", "--json", "feature"], in: repo)
        let json = try #require(try parseJSON(result.stdout) as? [String: Any])
        #expect(json["outcome"] as? String == "conflicted")
        let conflicts = try #require(json["conflicts"] as? [[String: Any]])
        #expect(conflicts.map { $0["status"] as? String } == ["UU", "UU", "UD"])
        #expect(conflicts[1]["theirs_file"] as? String == "data.csv.theirs")
        #expect((json["bases"] as? [String])?.count == 1)
    }

    @Test("merge-base prints the best common ancestors, --all for a criss-cross; --is-ancestor answers by exit status")
    func mergeBase() throws {
        let f = try CLIFixture()
        let repo = try LogGraphTests.crissCross(f)
        let one = try f.expect(0, ["merge-base", "main", "side"], in: repo)
        #expect(one.lines.count == 1)
        let all = try f.expect(0, ["merge-base", "--all", "main", "side"], in: repo)
        let c = try f.expect(0, ["log", "-n", "1", "--json", "main~1^1"], in: repo)
        let d = try f.expect(0, ["log", "-n", "1", "--json", "main~1^2"], in: repo)
        let ids = try [c, d].map {
            try #require((try parseJSON($0.stdout) as? [[String: Any]])?.first?["id"] as? String)
        }
        #expect(Set(all.lines) == Set(ids))
        #expect(all.lines.first == one.lines.first)
        try f.expect(0, ["merge-base", "--is-ancestor", "main~2", "main"], in: repo)
        try f.expect(1, ["merge-base", "--is-ancestor", "main", "main~2"], in: repo)
        try f.expect(129, ["merge-base", "main"], in: repo)
    }
}
