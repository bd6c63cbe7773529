import Foundation
import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct PartialCloneTests {
    /// A remote holding `train/a.bin` and `test/b.bin` (random bytes of `size` from the two
    /// seeds), cloned into `<scratch>/p` with `--include train`.
    func cloneTrainOnly(size: Int, seeds: (UInt64, UInt64)) async throws -> (BareRemote, TempDirectory, CloneResult) {
        let upstream = try TempRepository()
        let remote = try BareRemote()
        try upstream.write("train/a.bin", randomBytes(size, seed: seeds.0))
        try upstream.write("test/b.bin", randomBytes(size, seed: seeds.1))
        try upstream.add()
        try upstream.commit("data")
        try upstream.addOrigin(remote.url)
        try await upstream.push(to: try remote.transport())
        let scratch = try TempDirectory(prefix: "partial")
        var options = CloneOptions(identity: TestIdentity.identity)
        options.include = ["train"]
        let clone = try await Repository.clone(
            url: remote.url, into: scratch.appending("p"), config: RemoteTransportConfig(currentDirectory: scratch.url),
            options: options)
        return (remote, scratch, clone)
    }

    @Test("clone --include fetches manifests and chunks under the path only; the rest comes on demand")
    func partialClone() async throws {
        let (remote, scratch, clone) = try await cloneTrainOnly(size: 100_000, seeds: (1, 2))
        defer { withExtendedLifetime(remote) {} }
        #expect(clone.repository.remotes().first?.partial == ["train"])
        #expect(FileManager.default.fileExists(atPath: scratch.appending("p/train/a.bin").path))
        #expect(!FileManager.default.fileExists(atPath: scratch.appending("p/test/b.bin").path))
        #expect(clone.fetch.received.bytes < 150_000)

        let plain = try Repository(root: scratch.appending("p"))
        let testPath = try #require(RepoPath("test/b.bin"))
        #expect(throws: StorageError.self) { try plain.readFile("main", path: testPath) { _ in } }

        let onDemand = try Repository(root: scratch.appending("p"))
        #expect(try onDemand.enableOnDemandFetch(config: RemoteTransportConfig(currentDirectory: scratch.url)))
        var bytes: [UInt8] = []
        try onDemand.readFile("main", path: testPath) { bytes += $0 }
        #expect(bytes == randomBytes(100_000, seed: 2))
        // Stored now: a fresh open reads it without the fetcher.
        var again: [UInt8] = []
        try Repository(root: scratch.appending("p")).readFile("main", path: testPath) { again += $0 }
        #expect(again == bytes)
    }

    @Test("a partial clone's left-out files count as unchanged: status is clean, commit -a keeps them, fsck is clean")
    func leftOutFilesStay() async throws {
        let (remote, scratch, _) = try await cloneTrainOnly(size: 50_000, seeds: (3, 4))
        defer { withExtendedLifetime(remote) {} }
        let clone = try Repository(root: scratch.appending("p"))
        let status = try clone.status()
        #expect(status.staged.isEmpty && status.unstaged.isEmpty && status.untracked.isEmpty, "\(status)")
        let fsck = try clone.fsck()
        #expect(fsck.isClean, "\(fsck.problems)")
        #expect(fsck.leftOnRemote >= 1)

        try Data(randomBytes(50_000, seed: 5)).write(to: scratch.appending("p/train/a.bin"))
        var commit = CommitOptions(message: "edit train", identity: TestIdentity.identity)
        commit.all = true
        let result = try clone.commit(commit)
        let tree = try clone.files(ofTree: clone.commit(result.id).tree).map(\.path.rawValue)
        #expect(tree == ["test/b.bin", "train/a.bin"])
        #expect(try clone.status().unstaged.isEmpty)
        let testPath = try #require(RepoPath("test/b.bin"))
        #expect(clone.partialClone?.excludes(testPath) == true)
    }

}

/// What a remote sends is data, never instructions: a tree naming `..` cannot make a clone write
/// outside its worktree.
@Suite struct HostileRemoteTests {
    @Test("a remote whose tree has a '..' entry fails the clone with a clear error and writes nothing outside")
    func dotDotTree() async throws {
        let remote = try BareRemote()
        let writer = try remote.repository.objects.makeWriter()
        let content = Array("evil\n".utf8)
        let chunk = SHA256Hasher.hash(content)
        try writer.put(content, id: chunk, kind: .chunk)
        let file = try writer.put(
            FileManifest(chunks: [.init(id: chunk, length: content.count)]).encoded(), kind: .file)
        let inner = try writer.put(
            try Tree(entries: [.init(name: "evil.txt", mode: .file, id: file, size: UInt64(content.count))]).encoded(),
            kind: .tree)
        // Tree(entries:) refuses "..", so the hostile tree is written byte by byte (docs/FORMAT.md §6.2).
        var hostile: [UInt8] = [0, 0, 0, 1, Tree.Mode.directory.rawValue, 0, 2, UInt8(ascii: "."), UInt8(ascii: ".")]
        inner.append(to: &hostile)
        hostile += [UInt8](repeating: 0, count: 8)
        let tree = try writer.put(hostile, kind: .tree)
        let signature = Signature(name: "Mallory", email: "m@example.com", time: 1_700_000_000)
        let commit = try writer.put(
            Commit(tree: tree, parents: [], author: signature, committer: signature, message: "x\n").encoded(),
            kind: .commit)
        try writer.commit()
        let main = try #require(RefName("refs/heads/main"))
        try remote.repository.refs.update(
            main, to: commit, expecting: .any, log: ReflogEntryContext(who: signature, message: "test"))

        let scratch = try TempDirectory(prefix: "hostile")
        try FileManager.default.createDirectory(at: scratch.appending("inside"), withIntermediateDirectories: true)
        await #expect(throws: (any Error).self) {
            _ = try await Repository.clone(
                url: remote.url, into: scratch.appending("inside/clone"),
                config: RemoteTransportConfig(currentDirectory: scratch.url),
                options: CloneOptions(identity: TestIdentity.identity))
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.appending("inside/evil.txt").path))
        #expect(!FileManager.default.fileExists(atPath: scratch.appending("evil.txt").path))
    }
}
