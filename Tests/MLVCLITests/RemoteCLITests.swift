import Foundation
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// End to end: `mlv remote`, `push`, `fetch`, `pull`, `clone` over folder remotes, through the binary.
@Suite struct RemoteCLITests {
    /// A repository with one commit and a bare remote `origin` it was pushed to with `-u`.
    func published(_ fixture: CLIFixture) throws -> (local: URL, remote: URL) {
        let remote = fixture.scratch.appending("remote.mlv")
        let created = try fixture.expect(0, ["init", "--bare", remote.path], in: nil)
        #expect(created.stdout.hasPrefix("Initialized empty bare mlv repository"))
        let local = try fixture.initRepository("local")
        try fixture.write(local, "data/table.csv", "id,x\n1,2\n")
        try fixture.write(local, "README", "hello\n")
        try fixture.expect(0, ["add", "."], in: local)
        try fixture.expect(0, ["commit", "-q", "-m", "first"], in: local)
        try fixture.expect(0, ["remote", "add", "origin", "../remote.mlv"], in: local)
        let pushed = try fixture.expect(0, ["push", "-u", "origin", "main"], in: local)
        #expect(
            pushed.stdout
                == "To \(remote.path)\n * [new branch]      main -> main\nbranch 'main' set up to track 'origin/main'.\n"
        )
        return (local, remote)
    }

    @Test("remote add, list -v, rename, set-url, remove")
    func remoteCommands() throws {
        let fixture = try CLIFixture()
        let repo = try fixture.initRepository()
        try fixture.expect(0, ["remote", "add", "origin", "/srv/data.mlv"], in: repo)
        try fixture.expect(
            0, ["remote", "add", "backup", "s3://bucket/team", "--endpoint", "http://127.0.0.1:9000"], in: repo)
        let listed = try fixture.expect(0, ["remote"], in: repo)
        #expect(listed.stdout == "backup\norigin\n")
        let verbose = try fixture.expect(0, ["remote", "list", "-v"], in: repo)
        #expect(verbose.lines.contains("origin\t/srv/data.mlv (fetch)"))
        let duplicate = try fixture.expect(128, ["remote", "add", "origin", "/x"], in: repo)
        #expect(duplicate.stderr == "fatal: remote 'origin' already exists\n")
        let badURL = try fixture.expect(128, ["remote", "add", "x", "ftp://host/x"], in: repo)
        #expect(badURL.stderr.hasPrefix("fatal: unknown remote url scheme 'ftp'"))
        try fixture.expect(0, ["remote", "rename", "origin", "upstream"], in: repo)
        try fixture.expect(0, ["remote", "set-url", "upstream", "file:///srv/other"], in: repo)
        let json = try fixture.expect(0, ["remote", "list", "--json"], in: repo)
        let remotes = try #require(try parseJSON(json.stdout) as? [[String: Any]])
        #expect(remotes.compactMap { $0["name"] as? String } == ["backup", "upstream"])
        #expect(remotes.last?["url"] as? String == "file:///srv/other")
        try fixture.expect(0, ["remote", "remove", "backup"], in: repo)
        let missing = try fixture.expect(128, ["remote", "remove", "backup"], in: repo)
        #expect(missing.stderr.hasPrefix("fatal: no remote named 'backup'"))
    }

    @Test("push, clone, fetch, pull round trip; fsck clean on every side")
    func roundTrip() throws {
        let fixture = try CLIFixture()
        let (local, remote) = try published(fixture)
        let upToDate = try fixture.expect(0, ["push"], in: local)
        #expect(upToDate.stdout == "To \(remote.path)\n = [up to date]      main -> main\n")

        let cloned = try fixture.expect(0, ["clone", remote.path, "copy"], in: fixture.scratch.url)
        #expect(cloned.stderr.contains("Cloning into 'copy'..."))
        let copy = fixture.scratch.appending("copy")
        #expect(try String(contentsOf: copy.appendingPathComponent("data/table.csv"), encoding: .utf8) == "id,x\n1,2\n")
        let status = try fixture.expect(0, ["status"], in: copy)
        #expect(status.stdout.contains("nothing to commit"))

        try fixture.write(local, "README", "hello again\n")
        try fixture.expect(0, ["commit", "-q", "-a", "-m", "second"], in: local)
        let pushed = try fixture.expect(0, ["push", "--json"], in: local)
        let report = try #require(try parseJSON(pushed.stdout) as? [String: Any])
        #expect((report["objects_sent"] as? Int ?? 0) == 4)
        let refs = try #require(report["refs"] as? [[String: Any]])
        #expect(refs.first?["status"] as? String == "fast-forward")

        let fetched = try fixture.expect(0, ["fetch"], in: copy)
        #expect(fetched.stdout.hasPrefix("From \(remote.path)\n   "))
        #expect(fetched.stdout.hasSuffix(" main -> origin/main\n"))
        let pulled = try fixture.expect(0, ["pull"], in: copy)
        #expect(pulled.stdout.contains("Fast-forward") || pulled.stdout.contains("fast-forward"), "\(pulled)")
        #expect(try String(contentsOf: copy.appendingPathComponent("README"), encoding: .utf8) == "hello again\n")
        for root in [local, copy, remote] {
            let fsck = try fixture.expect(0, ["fsck"], in: root)
            #expect(fsck.stdout.hasPrefix("ok:"))
        }
    }

    @Test("a non-fast-forward push fails with a hint; --force replaces the branch")
    func nonFastForward() throws {
        let fixture = try CLIFixture()
        let (local, remote) = try published(fixture)
        try fixture.expect(0, ["clone", remote.path, "other"], in: fixture.scratch.url)
        let other = fixture.scratch.appending("other")
        try fixture.write(other, "README", "theirs\n")
        try fixture.expect(0, ["commit", "-q", "-a", "-m", "theirs"], in: other)
        try fixture.expect(0, ["push"], in: other)

        try fixture.write(local, "README", "ours\n")
        try fixture.expect(0, ["commit", "-q", "-a", "-m", "ours"], in: local)
        let rejected = try fixture.expect(128, ["push"], in: local)
        #expect(rejected.stderr.hasPrefix("fatal: rejected main -> main (non-fast-forward)"))
        #expect(rejected.stderr.contains("hint: fetch and integrate the remote changes"))
        let json = try fixture.expect(128, ["push", "--json"], in: local)
        let error = try #require((try parseJSON(json.stderr) as? [String: Any])?["error"] as? [String: Any])
        #expect(error["code"] as? String == "nonFastForward")
        let forced = try fixture.expect(0, ["push", "--force"], in: local)
        #expect(forced.stdout.contains("(forced update)"))
    }

    @Test("two mlv processes pushing to one branch at once: one wins, the other fails clearly, nothing lost")
    func concurrentPushProcesses() throws {
        let fixture = try CLIFixture()
        let (_, remote) = try published(fixture)
        var clones: [URL] = []
        for name in ["x", "y"] {
            try fixture.expect(0, ["clone", remote.path, name], in: fixture.scratch.url)
            let clone = fixture.scratch.appending(name)
            try fixture.write(clone, "\(name).bin", String(repeating: name, count: 300_000))
            try fixture.expect(0, ["add", "."], in: clone)
            try fixture.expect(0, ["commit", "-q", "-m", name], in: clone)
            clones.append(clone)
        }
        let running = try clones.map { try fixture.cli.start(["push"], in: $0) }
        let results = try running.map { try $0.wait() }
        #expect(results.filter { $0.status == 0 }.count == 1, "\(results)")
        let loser = try #require(results.first { $0.status != 0 })
        #expect(loser.status == 128)
        #expect(loser.stderr.hasPrefix("fatal: "), "\(loser)")
        #expect(loser.stderr.contains("main"))
        let fsck = try fixture.expect(0, ["fsck"], in: remote)
        #expect(fsck.stdout.hasPrefix("ok:"))
        // The loser integrates and pushes: nothing was lost.
        let loserRoot = clones[results.firstIndex { $0.status != 0 } ?? 0]
        try fixture.expect(0, ["pull"], in: loserRoot)
        try fixture.expect(0, ["push"], in: loserRoot)
        let log = try fixture.expect(0, ["log", "--oneline", "main"], in: remote)
        #expect(log.lines.count == 4, "\(log)")
    }

    @Test("clone --include checks out only the path; cat fetches the rest on demand")
    func partialClone() throws {
        let fixture = try CLIFixture()
        let (_, remote) = try published(fixture)
        try fixture.expect(0, ["clone", "--include", "data", remote.path, "part"], in: fixture.scratch.url)
        let part = fixture.scratch.appending("part")
        #expect(FileManager.default.fileExists(atPath: part.appendingPathComponent("data/table.csv").path))
        #expect(!FileManager.default.fileExists(atPath: part.appendingPathComponent("README").path))
        let config = try fixture.expect(0, ["config", "remote.origin.partial"], in: part)
        #expect(config.stdout == "data\n")
        let cat = try fixture.expect(0, ["cat", "main:README"], in: part)
        #expect(cat.stdout == "hello\n")
    }

    @Test("usage and remote errors: unknown remote, clone into a non-empty folder, bad --jobs")
    func errors() throws {
        let fixture = try CLIFixture()
        let (local, remote) = try published(fixture)
        let unknown = try fixture.expect(128, ["push", "nowhere"], in: local)
        #expect(unknown.stderr.hasPrefix("fatal: no remote named 'nowhere'"))
        let occupied = try fixture.expect(128, ["clone", remote.path, "local"], in: fixture.scratch.url)
        #expect(occupied.stderr.contains("already exists and is not an empty directory"))
        try fixture.expect(129, ["push", "--jobs", "0"], in: local)
        let notRepo = try fixture.expect(
            128, ["clone", fixture.scratch.appending("nothing").path, "z"], in: fixture.scratch.url)
        #expect(notRepo.stderr.contains("does not appear to be an mlv repository"))
        #expect(!FileManager.default.fileExists(atPath: fixture.scratch.appending("z").path))
    }

    @Test("a push killed midway leaves the remote consistent; the next push completes it")
    func killedPushResumes() throws {
        let fixture = try CLIFixture()
        let remote = fixture.scratch.appending("remote.mlv")
        try fixture.expect(0, ["init", "--bare", remote.path], in: nil)
        let local = try TempRepository()
        var rng = SplitMix64(seed: 21)
        for part in 0..<4 { try local.write("big\(part).bin", rng.bytes(24 << 20)) }
        try local.add()
        let tip = try local.commit("big").id
        try fixture.expect(0, ["remote", "add", "origin", remote.path], in: local.root)
        let running = try fixture.cli.start(["push", "origin", "main"], in: local.root)
        usleep(700_000)
        running.kill()
        _ = try running.wait()
        // Whatever arrived, the remote ref never names objects the remote lacks.
        try fixture.expect(0, ["fsck"], in: remote)
        let log = try fixture.cli.run(["log", "--oneline", "main"], in: remote)
        #expect(log.status != 0 || log.stdout.hasPrefix(tip.abbreviated), "\(log)")

        // Ctrl-C: exits 130 (or finished first), leaving no pack stream pieces or locks behind.
        try FileManager.default.removeItem(at: local.layout.tmp)
        try FileManager.default.createDirectory(at: local.layout.tmp, withIntermediateDirectories: true)
        let interrupted = try fixture.cli.start(["push", "origin", "main"], in: local.root)
        usleep(300_000)
        interrupted.send(SIGINT)
        let stopped = try interrupted.wait()
        #expect(!stopped.signaled && (stopped.status == 0 || stopped.status == 130), "\(stopped)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: local.layout.tmp.path).isEmpty)
        try fixture.expect(0, ["fsck"], in: remote)

        try fixture.expect(0, ["push", "origin", "main"], in: local.root)
        try fixture.expect(0, ["fsck"], in: remote)
        try fixture.expect(0, ["clone", remote.path, "copy"], in: fixture.scratch.url)
        let copy = fixture.scratch.appending("copy")
        for part in 0..<4 {
            #expect(
                try Data(contentsOf: copy.appendingPathComponent("big\(part).bin"))
                    == Data(contentsOf: local.url("big\(part).bin")))
        }
    }
}
