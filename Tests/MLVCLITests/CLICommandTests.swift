import Foundation
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct CLICommandTests {
    @Test("init, add, commit, status, log, diff, checkout and fsck end to end")
    func basicFlow() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "a.txt", "a\n")
        try f.write(repo, "d/b.txt", "b\n")
        #expect(try f.expect(0, ["status", "--porcelain"], in: repo).stdout == "?? a.txt\n?? d/\n")
        try f.expect(0, ["add", "."], in: repo)
        #expect(try f.expect(0, ["status", "--porcelain"], in: repo).stdout == "A  a.txt\nA  d/b.txt\n")
        let first = try f.expect(0, ["commit", "-m", "first"], in: repo)
        #expect(first.stdout.hasPrefix("[main (root-commit) "))
        #expect(first.stdout.hasSuffix("] first\n 2 files changed\n"))
        #expect(try f.expect(0, ["status", "--porcelain"], in: repo).stdout == "")

        try f.write(repo, "a.txt", "a\nmore\n")
        try f.write(repo, "new.txt", "n\n")
        #expect(try f.expect(0, ["status", "--porcelain"], in: repo).stdout == " M a.txt\n?? new.txt\n")
        #expect(try f.expect(0, ["diff", "--name-status"], in: repo).stdout == "M\ta.txt\n")
        try f.expect(1, ["diff", "--exit-code"], in: repo)
        try f.expect(0, ["commit", "-a", "-m", "second"], in: repo)
        try f.expect(0, ["diff", "--exit-code"], in: repo)
        #expect(try f.expect(0, ["diff", "--name-status", "HEAD~1", "HEAD"], in: repo).stdout == "M\ta.txt\n")

        let log = try f.expect(0, ["log", "--oneline"], in: repo)
        #expect(log.lines.count == 2)
        #expect(log.lines.map { $0.split(separator: " ", maxSplits: 1)[1] } == ["second", "first"])
        #expect(log.lines.allSatisfy { $0.split(separator: " ")[0].count == 12 })
        #expect(try f.expect(0, ["log", "--oneline", "-n", "1"], in: repo).lines.count == 1)

        #expect(try f.expect(0, ["cat", "HEAD:a.txt"], in: repo).stdout == "a\nmore\n")
        #expect(try f.expect(0, ["cat", "HEAD~1:a.txt"], in: repo).stdout == "a\n")
        let tree = try f.expect(0, ["ls-tree", "-r", "--name-only"], in: repo)
        #expect(tree.stdout == "a.txt\nd/b.txt\n")
        let long = try f.expect(0, ["ls-tree"], in: repo).lines
        #expect(long.count == 2)
        #expect(long[0].hasPrefix("100644 file "))
        #expect(long[0].hasSuffix("\ta.txt"))
        #expect(long[1].hasPrefix("040000 "))

        let fsck = try f.expect(0, ["fsck"], in: repo)
        #expect(fsck.stdout.hasPrefix("ok: "))
        #expect(fsck.stderr == "")
    }

    @Test("switch -c, branch, tag and checkout")
    func branchesAndTags() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "a.txt", "main\n")
        try f.expect(0, ["add", "a.txt"], in: repo)
        try f.expect(0, ["commit", "-m", "base"], in: repo)
        #expect(
            try f.expect(0, ["switch", "-c", "feature"], in: repo).stderr == "Switched to a new branch 'feature'\n",
            "git prints this on stderr")
        try f.write(repo, "a.txt", "feature\n")
        try f.expect(0, ["commit", "-a", "-m", "on feature"], in: repo)
        #expect(try f.expect(0, ["branch"], in: repo).stdout == "* feature\n  main\n")
        try f.expect(0, ["tag", "v1"], in: repo)
        try f.expect(0, ["tag", "-a", "-m", "annotated", "v2", "main"], in: repo)
        #expect(try f.expect(0, ["tag"], in: repo).stdout == "v1\nv2\n")
        #expect(try f.expect(0, ["checkout", "main"], in: repo).stderr == "Switched to branch 'main'\n")
        #expect(try String(contentsOf: repo.appendingPathComponent("a.txt"), encoding: .utf8) == "main\n")
        #expect(try f.expect(0, ["cat", "v1:a.txt"], in: repo).stdout == "feature\n")
        #expect(try f.expect(0, ["cat", "v2:a.txt"], in: repo).stdout == "main\n")
        try f.write(repo, "a.txt", "local edit\n")
        let refused = try f.expect(128, ["checkout", "feature"], in: repo)
        #expect(refused.stderr.contains("fatal: your local changes"))
        #expect(refused.stderr.contains("a.txt"))
        try f.expect(0, ["branch", "-D", "feature"], in: repo)
        #expect(try f.expect(0, ["branch"], in: repo).stdout == "* main\n")
    }

    @Test("rev-parse prints full or short ids, the current branch and the worktree root, as git does")
    func revParse() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "a", "one")
        try f.expect(0, ["add", "a"], in: repo)
        try f.expect(0, ["commit", "-m", "one"], in: repo)
        try f.write(repo, "a", "two")
        try f.expect(0, ["commit", "-a", "-m", "two"], in: repo)
        try f.expect(0, ["tag", "v1", "HEAD~1"], in: repo)
        let log = try parseJSON(f.expect(0, ["log", "--json"], in: repo).stdout) as? [[String: Any]]
        let ids = (log ?? []).compactMap { $0["id"] as? String }
        try #require(ids.count == 2 && ids.allSatisfy { $0.count == 64 })
        #expect(try f.expect(0, ["rev-parse", "HEAD", "v1", "main~1"], in: repo).lines == [ids[0], ids[1], ids[1]])
        #expect(try f.expect(0, ["rev-parse", "--short", "HEAD"], in: repo).stdout == String(ids[0].prefix(12)) + "\n")
        #expect(try f.expect(0, ["rev-parse", String(ids[1].prefix(10))], in: repo).stdout == ids[1] + "\n")
        #expect(try f.expect(0, ["rev-parse", "--abbrev-ref", "HEAD"], in: repo).stdout == "main\n")
        let top = try f.expect(0, ["rev-parse", "--show-toplevel"], in: repo).stdout
        #expect(top == repo.resolvingSymlinksInPath().path + "\n" || top == repo.path + "\n")
        try f.expect(0, ["checkout", "v1"], in: repo)
        #expect(try f.expect(0, ["rev-parse", "--abbrev-ref", "HEAD"], in: repo).stdout == "HEAD\n")
        let unknown = try f.expect(128, ["rev-parse", "nope"], in: repo)
        #expect(unknown.stderr.hasPrefix("fatal: unknown revision 'nope'"))
        try f.expect(129, ["rev-parse", "--verify", "HEAD", "v1"], in: repo)
    }

    @Test("exit codes: 128 fatal, 129 usage, 1 for negative answers")
    func exitCodes() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "a", "a")
        try f.expect(0, ["add", "a"], in: repo)
        try f.expect(0, ["commit", "-m", "one"], in: repo)
        let unknown = try f.expect(128, ["log", "no-such-rev"], in: repo)
        #expect(unknown.stderr.hasPrefix("fatal: unknown revision 'no-such-rev'\nhint: "))
        try f.expect(128, ["cat", "HEAD:missing"], in: repo)
        let plain = try TempDirectory(prefix: "plain")
        let notRepo = try f.expect(128, ["status"], in: plain.url)
        #expect(notRepo.stderr.hasPrefix("fatal: not an mlv repository"))
        let usage = try f.expect(129, ["status", "--bogus"], in: repo)
        #expect(usage.stderr.contains("--bogus"))
        try f.expect(129, ["frobnicate"], in: repo)
        try f.expect(129, ["commit"], in: repo)
        try f.expect(1, ["commit", "-m", "nothing"], in: repo)
        try f.expect(0, ["--help"], in: nil)
    }

    @Test("fsck exits 1 and names the problem on a damaged repository")
    func fsckDamaged() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        var rng = SplitMix64(seed: 99)
        try Data(rng.bytes(200_000)).write(to: repo.appendingPathComponent("blob.bin"))
        try f.expect(0, ["add", "blob.bin"], in: repo)
        try f.expect(0, ["commit", "-m", "blob"], in: repo)
        let packDir = repo.appendingPathComponent(".mlv/objects/pack")
        let packs = try FileManager.default.contentsOfDirectory(atPath: packDir.path).filter { $0.hasSuffix(".pack") }
        let largest = try #require(
            packs.map { packDir.appendingPathComponent($0) }.max {
                ((try? Data(contentsOf: $0).count) ?? 0) < ((try? Data(contentsOf: $1).count) ?? 0)
            })
        var bytes = [UInt8](try Data(contentsOf: largest))
        bytes[bytes.count / 2] ^= 0x5A
        try Data(bytes).write(to: largest)
        let result = try f.expect(1, ["fsck"], in: repo)
        #expect(result.stdout.contains("error: "))
        let json = try f.expect(1, ["--json", "fsck"], in: repo)
        let object = try #require(try parseJSON(json.stdout) as? [String: Any])
        #expect(object["clean"] as? Bool == false)
        #expect((object["problems"] as? [Any])?.isEmpty == false)
    }

    @Test("--json outputs parse as JSON, failures included")
    func json() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "a", "a")
        try f.write(repo, "u", "u")
        try f.expect(0, ["add", "a"], in: repo)
        let commit = try #require(
            try parseJSON(try f.expect(0, ["--json", "commit", "-m", "one"], in: repo).stdout) as? [String: Any])
        #expect(commit["branch"] as? String == "main")
        #expect((commit["commit"] as? String)?.count == 64)
        let log = try #require(try parseJSON(try f.expect(0, ["log", "--json"], in: repo).stdout) as? [[String: Any]])
        #expect(log.count == 1)
        #expect(log.first?["message"] as? String == "one\n")
        #expect(try parseJSON(try f.expect(0, ["status", "--json"], in: repo).stdout) is [String: Any])
        #expect(try parseJSON(try f.expect(0, ["branch", "--json"], in: repo).stdout) is [Any])
        #expect(try parseJSON(try f.expect(0, ["ls-tree", "--json"], in: repo).stdout) is [Any])
        #expect(try parseJSON(try f.expect(0, ["tag", "--json"], in: repo).stdout) is [Any])
        #expect(try parseJSON(try f.expect(0, ["diff", "--json"], in: repo).stdout) is [Any])
        let fsck = try #require(try parseJSON(try f.expect(0, ["fsck", "--json"], in: repo).stdout) as? [String: Any])
        #expect(fsck["clean"] as? Bool == true)
        let failure = try f.expect(128, ["--json", "log", "nope"], in: repo)
        let error = try #require(try parseJSON(failure.stderr) as? [String: Any])
        let body = try #require(error["error"] as? [String: Any])
        #expect(body["code"] as? String == "unknownRevision")
    }

    @Test("-C <dir> works before the command and from a subfolder")
    func directoryOption() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "sub/x.txt", "x")
        let before = try f.cli.run(["-C", repo.path, "status", "--porcelain"], in: nil)
        #expect(before.status == 0)
        #expect(before.stdout == "?? sub/\n")
        let fromSub = try f.cli.run(["-C", repo.appendingPathComponent("sub").path, "--json", "status"], in: nil)
        #expect(fromSub.status == 0, "\(fromSub)")
        #expect(try parseJSON(fromSub.stdout) is [String: Any])
        let after = try f.cli.run(["status", "-C", repo.path, "--porcelain"], in: nil)
        #expect(after.stdout == before.stdout)
    }
}
