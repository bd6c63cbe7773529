import Foundation
import MLVTestSupport
import Testing

/// git push carries the data to the paired mlv remote; a fresh clone fetches what its lock or
/// pointers name from there (docs/GIT.md, "Missing objects").
@Suite struct RemotePairingTests {
    /// The byte count of pre-push's "mlv: uploaded N object(s), B bytes, ..." line.
    func uploadedBytes(_ output: String) -> Int? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("mlv: uploaded ") }) else {
            return nil
        }
        let words = line.split(separator: " ")
        guard let index = words.firstIndex(of: "bytes,"), index > 0 else { return nil }
        return Int(words[index - 1])
    }

    /// A bare git remote and a bare mlv remote side by side.
    func remotes(_ f: GitFixture) throws -> (git: URL, mlv: URL) {
        let git = f.sandbox.scratch.appending("origin.git")
        try f.git(["init", "-q", "--bare", "-b", "main", git.path], in: f.sandbox.scratch.url)
        let mlv = f.sandbox.scratch.appending("origin.mlv")
        try f.mlv(0, ["init", "--bare", mlv.path], in: f.sandbox.scratch.url)
        return (git, mlv)
    }

    @Test("pre-push uploads the locks' data to the mlv remote; a clone's checkout fetches and restores it")
    func hooksRoundTrip() throws {
        let f = try GitFixture()
        let (gitRemote, mlvRemote) = try remotes(f)
        let root = try f.trackedRepository()
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        try f.write(root, "data/a.txt", "one\n")
        try f.write(root, "data/w.bin", big)
        try f.commitBoth(root, "v1")
        try f.git(["remote", "add", "origin", gitRemote.path], in: root)
        try f.mlv(0, ["remote", "add", "origin", mlvRemote.path], in: root)
        let pushed = try f.git(["push", "-q", "origin", "main"], in: root)
        #expect(pushed.contains("mlv: uploaded "), "\(pushed)")
        #expect(pushed.contains("to mlv remote 'origin'"))
        try f.mlv(0, ["fsck"], in: mlvRemote)
        let lock = try #require(f.text(root, "mlv.lock"))
        let commitLine = try #require(lock.split(separator: "\n").first { $0.hasPrefix("commit ") })
        #expect(f.text(mlvRemote, ".mlv/refs/heads/main")?.hasPrefix(String(commitLine.dropFirst(7))) == true)

        // Second version: only what changed travels.
        var edited = big
        edited[150_000] ^= 0xFF
        try f.write(root, "data/w.bin", edited)
        try f.mlv(0, ["commit", "-a", "-m", "v2"], in: root)
        try f.git(["add", "-A"], in: root)
        try f.git(["commit", "-q", "-m", "v2"], in: root)
        let second = try f.git(["push", "-q", "origin", "main"], in: root)
        #expect(second.contains("mlv: uploaded "), "\(second)")
        let sentBytes = uploadedBytes(second)
        #expect((sentBytes ?? .max) < big.count / 4, "\(second)")

        // A fresh clone: git brings mlv.lock, the hooks fetch the data from the mlv remote.
        let clone = f.sandbox.scratch.appending("clone")
        try f.git(["clone", "-q", gitRemote.path, clone.path], in: f.sandbox.scratch.url)
        try f.git(["config", "user.name", "Test User"], in: clone)
        try f.mlv(0, ["git", "install"], in: clone)
        try f.mlv(0, ["remote", "add", "origin", mlvRemote.path], in: clone)
        let restored = try f.mlv(0, ["git", "restore"], in: clone)
        #expect(restored.stdout.contains("2 written"), "\(restored)")
        #expect(f.sandbox.read(clone, "data/w.bin") == edited)
        #expect(f.text(clone, "data/a.txt") == "one\n")
        // Going back in git history fetches the older data too.
        try f.git(["checkout", "-q", "HEAD~1"], in: clone)
        #expect(f.sandbox.read(clone, "data/w.bin") == big)
        try f.mlv(0, ["fsck"], in: clone)
    }

    @Test("when the mlv remote's branch has other history, pre-push uploads the data but leaves that branch")
    func notFastForward() throws {
        let f = try GitFixture()
        let (gitRemote, mlvRemote) = try remotes(f)
        // Someone else's unrelated mlv history is on the remote's main first.
        let other = f.sandbox.scratch.appending("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try f.mlv(0, ["init", "-q"], in: other)
        try f.write(other, "x.txt", "unrelated\n")
        try f.mlv(0, ["add", "x.txt"], in: other)
        try f.mlv(0, ["commit", "-m", "other"], in: other)
        try f.mlv(0, ["remote", "add", "origin", mlvRemote.path], in: other)
        try f.mlv(0, ["push", "-q", "origin", "main"], in: other)
        let before = try #require(f.text(mlvRemote, ".mlv/refs/heads/main"))

        let root = try f.trackedRepository()
        try f.write(root, "data/a.txt", "one\n")
        try f.commitBoth(root, "v1")
        try f.git(["remote", "add", "origin", gitRemote.path], in: root)
        try f.mlv(0, ["remote", "add", "data", mlvRemote.path], in: root)
        try f.mlv(0, ["config", "git.remote.origin", "data"], in: root)
        let pushed = try f.git(["push", "-q", "origin", "main"], in: root)
        #expect(pushed.contains("mlv: uploaded "), "\(pushed)")
        #expect(pushed.contains("left refs/heads/main there as it was (not a fast-forward"), "\(pushed)")
        #expect(f.text(mlvRemote, ".mlv/refs/heads/main") == before)
        // The data is on the remote all the same: a clone restores it.
        let clone = f.sandbox.scratch.appending("clone")
        try f.git(["clone", "-q", gitRemote.path, clone.path], in: f.sandbox.scratch.url)
        try f.mlv(0, ["git", "install"], in: clone)
        try f.mlv(0, ["remote", "add", "origin", mlvRemote.path], in: clone)
        try f.mlv(0, ["git", "restore"], in: clone)
        #expect(f.text(clone, "data/a.txt") == "one\n")
    }

    @Test("smudge fetches a pointer's file from the mlv remote when the store lacks it")
    func filterFetches() throws {
        let f = try GitFixture()
        let (_, mlvRemote) = try remotes(f)
        let root = try f.sandbox.initRepository()
        try f.mlv(0, ["git", "install", "--filter", "--no-hooks"], in: root)
        try f.write(root, ".gitattributes", "*.bin filter=mlv diff=mlv\n")
        let content = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try f.write(root, "w.bin", content)
        try f.git(["add", "w.bin", ".gitattributes"], in: root)
        try f.git(["commit", "-q", "-m", "w"], in: root)
        // Filter mode has no mlv commit: the file goes to the remote with an mlv commit of it.
        try f.mlv(0, ["add", "w.bin"], in: root)
        try f.mlv(0, ["commit", "-m", "w"], in: root)
        try f.mlv(0, ["remote", "add", "origin", mlvRemote.path], in: root)
        try f.mlv(0, ["push", "-q", "origin", "main"], in: root)

        let clone = f.sandbox.scratch.appending("clone")
        try f.git(["clone", "-q", root.path, clone.path], in: f.sandbox.scratch.url)
        try f.mlv(0, ["git", "install", "--filter", "--no-hooks"], in: clone)
        try f.mlv(0, ["remote", "add", "origin", mlvRemote.path], in: clone)
        try FileManager.default.removeItem(at: clone.appendingPathComponent("w.bin"))
        try f.git(["checkout", "--", "w.bin"], in: clone)
        #expect(f.sandbox.read(clone, "w.bin") == content)
    }
}
