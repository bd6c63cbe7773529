import Foundation
import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct PushFetchTests {
    @Test("push to a bare folder remote, clone it back, both sides fsck clean")
    func pushThenClone() async throws {
        let local = try TempRepository()
        let remote = try BareRemote()
        try local.write("data/weights.bin", randomBytes(200_000, seed: 1))
        let first = try local.commitFiles(["README": "hello\n", "data/table.csv": "a,b\n1,2\n"], message: "first")
        try local.addOrigin(remote.url)
        let result = try await local.push(to: try remote.transport())
        #expect(result.refs.map(\.status) == [.created])
        #expect(try remote.ref("refs/heads/main") == first)
        #expect(try local.reopened().refs.resolve(#require(RefName("refs/remotes/origin/main"))).id == first)
        #expect(try remote.fsckProblems().isEmpty)

        let scratch = try TempDirectory(prefix: "clone")
        let cloned = try await Repository.clone(
            url: remote.url, into: scratch.appending("copy"),
            config: RemoteTransportConfig(currentDirectory: scratch.url),
            options: CloneOptions(identity: TestIdentity.identity))
        #expect(cloned.branch == "main")
        #expect(try cloned.repository.head() == .branch(#require(RefName.branch("main")), first))
        let copy = scratch.appending("copy")
        #expect(
            try Data(contentsOf: copy.appendingPathComponent("data/weights.bin")) == Data(randomBytes(200_000, seed: 1))
        )
        #expect(try String(contentsOf: copy.appendingPathComponent("README"), encoding: .utf8) == "hello\n")
        #expect(try cloned.repository.fsck().problems.isEmpty)
        #expect(try cloned.repository.status().isClean)
        #expect(cloned.repository.config["branch.main.remote"] == "origin")
    }

    @Test("a second push of the same commit sends nothing and reports up to date")
    func pushUpToDate() async throws {
        let local = try TempRepository()
        let remote = try BareRemote()
        try local.commitFiles(["a.txt": "a\n"], message: "one")
        try local.addOrigin(remote.url)
        try await local.push(to: try remote.transport())
        let again = try await local.push(to: try remote.transport())
        #expect(again.refs.map(\.status) == [.upToDate])
        #expect(again.sent.objects == 0)
    }

    @Test("after a 1% change of a big file, the second push sends at most 3% of its size")
    func onlyMissingChunksTravel() async throws {
        let local = try TempRepository()
        let remote = try BareRemote()
        let size = 8 << 20
        var bytes = randomBytes(size, seed: 7)
        try local.write("big.bin", bytes)
        try local.add()
        try local.commit("big")
        try local.addOrigin(remote.url)
        let first = try await local.push(to: try remote.transport())
        #expect(first.sent.bytes >= size)

        let edit = randomBytes(size / 100, seed: 8)
        bytes.replaceSubrange(size / 2..<size / 2 + edit.count, with: edit)
        try local.write("big.bin", bytes)
        try local.add()
        try local.commit("change 1%")
        let second = try await local.push(to: try remote.transport())
        #expect(second.refs.map(\.status) == [.fastForward])
        #expect(second.sent.bytes > 0)
        #expect(second.sent.bytes <= size * 3 / 100, "second push sent \(second.sent.bytes) bytes")
        #expect(try remote.fsckProblems().isEmpty)
    }

    @Test("negotiation offers only objects not reachable from the remote's refs, and sends only those it lacks")
    func negotiationSendsOnlyLacking() async throws {
        let local = try TempRepository()
        let remote = try BareRemote()
        try local.commitFiles(["a/one.txt": "1\n", "b/two.txt": "2\n"], message: "one")
        try local.addOrigin(remote.url)
        try await local.push(to: try remote.transport())
        try local.commitFiles(["a/one.txt": "1 changed\n"], message: "two")
        let result = try await local.push(to: try remote.transport())
        // New: one chunk, one manifest, the trees `a` and root, one commit; `b` is not offered.
        #expect(result.offered == 5)
        #expect(result.sent.objects == 5)
        #expect(try remote.fsckProblems().isEmpty)
    }

    @Test("fetch brings new commits into refs/remotes/origin, pull fast-forwards")
    func fetchAndPull() async throws {
        let upstream = try TempRepository()
        let remote = try BareRemote()
        try upstream.commitFiles(["a.txt": "1\n"], message: "one")
        try upstream.addOrigin(remote.url)
        try await upstream.push(to: try remote.transport())

        let scratch = try TempDirectory(prefix: "clone")
        let clone = try await Repository.clone(
            url: remote.url, into: scratch.appending("c"), config: RemoteTransportConfig(currentDirectory: scratch.url),
            options: CloneOptions(identity: TestIdentity.identity)
        ).repository

        let second = try upstream.commitFiles(["a.txt": "2\n", "b.txt": "new\n"], message: "two")
        try await upstream.push(to: try remote.transport())

        let origin = try clone.remote(named: "origin")
        let fetched = try await clone.fetch(from: origin, transport: try remote.transport(), options: FetchOptions())
        #expect(fetched.updated.map(\.local) == ["refs/remotes/origin/main"])
        #expect(fetched.updated.first?.new == second)
        #expect(fetched.received.objects > 0)
        let again = try await clone.fetch(from: origin, transport: try remote.transport(), options: FetchOptions())
        #expect(again.updated.isEmpty && again.received.objects == 0)

        let pulled = try await clone.pull(
            from: origin, remoteRef: "refs/heads/main", transport: try remote.transport(), fetchOptions: FetchOptions(),
            mergeOptions: MergeOptions(identity: TestIdentity.identity))
        #expect(pulled.merge.outcome == .fastForward)
        #expect(try String(contentsOf: scratch.appending("c/b.txt"), encoding: .utf8) == "new\n")
        #expect(try clone.fsck().problems.isEmpty)
    }

    @Test("pull merges diverged histories; the merge then pushes as a fast-forward")
    func pullMerges() async throws {
        let upstream = try TempRepository()
        let remote = try BareRemote()
        try upstream.commitFiles(["a.txt": "1\n"], message: "one")
        try upstream.addOrigin(remote.url)
        try await upstream.push(to: try remote.transport())
        let scratch = try TempDirectory(prefix: "clone")
        let root = scratch.appending("c")
        _ = try await Repository.clone(
            url: remote.url, into: root, config: RemoteTransportConfig(currentDirectory: scratch.url),
            options: CloneOptions(identity: TestIdentity.identity))
        try upstream.commitFiles(["b.txt": "theirs\n"], message: "theirs")
        try await upstream.push(to: try remote.transport())

        try Data("ours\n".utf8).write(to: root.appendingPathComponent("c.txt"))
        let clone = try Repository(root: root)
        _ = try clone.add(AddOptions(paths: [.root]))
        _ = try clone.commit(CommitOptions(message: "ours", identity: TestIdentity.identity))
        let upstreamOf = try clone.upstream()
        #expect(upstreamOf.remote.name == "origin" && upstreamOf.remoteRef == "refs/heads/main")
        let pulled = try await clone.pull(
            from: upstreamOf.remote, remoteRef: upstreamOf.remoteRef, transport: try remote.transport(),
            fetchOptions: FetchOptions(), mergeOptions: MergeOptions(identity: TestIdentity.identity))
        #expect(pulled.merge.outcome == .merged)
        let merge = try #require(pulled.merge.commit)
        #expect(try clone.commit(merge).parents.count == 2)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("b.txt").path))
        let pushed = try await clone.push(
            to: upstreamOf.remote, transport: try remote.transport(), options: PushOptions())
        #expect(pushed.refs.map(\.status) == [.fastForward])
        #expect(try remote.ref("refs/heads/main") == merge)
        #expect(try remote.fsckProblems().isEmpty)
    }

    @Test("a non-fast-forward push is rejected before anything is sent; --force replaces the ref")
    func nonFastForward() async throws {
        let remote = try BareRemote()
        let alice = try TempRepository()
        try alice.commitFiles(["a.txt": "alice\n"], message: "alice")
        try alice.addOrigin(remote.url)
        let aliceTip = try #require(try alice.headID())
        try await alice.push(to: try remote.transport())

        let bob = try TempRepository()
        let bobTip = try bob.commitFiles(["a.txt": "bob\n"], message: "bob")
        try bob.addOrigin(remote.url)
        let counting = InterruptedTransport(try remote.transport())
        await #expect {
            try await bob.push(to: counting)
        } throws: { ($0 as? RemoteError)?.code == .nonFastForward }
        #expect(counting.uploads == 0)
        #expect(try remote.ref("refs/heads/main") == aliceTip)

        let forced = try await bob.push(to: try remote.transport(), force: true)
        #expect(forced.refs.map(\.status) == [.forced])
        #expect(try remote.ref("refs/heads/main") == bobTip)
        #expect(try remote.fsckProblems().isEmpty)
    }

    @Test("pushes --all and --tags, and deletes a remote branch")
    func allTagsDelete() async throws {
        let local = try TempRepository()
        let remote = try BareRemote()
        let tip = try local.commitFiles(["a.txt": "a\n"], message: "one")
        _ = try local.repository.createBranch("feature", start: nil, force: false, identity: local.identity)
        _ = try local.repository.createTag(
            "v1", target: nil, message: "release", force: false, identity: local.identity)
        try local.addOrigin(remote.url)
        let result = try await local.push(to: try remote.transport()) { options in
            options.allBranches = true
            options.tags = true
        }
        #expect(result.refs.map(\.remote) == ["refs/heads/feature", "refs/heads/main", "refs/tags/v1"])
        #expect(try remote.ref("refs/heads/feature") == tip)
        let tag = try #require(try remote.ref("refs/tags/v1"))
        #expect(tag != tip)
        #expect(try remote.fsckProblems().isEmpty)

        _ = try local.repository.createTag("v2", target: nil, message: nil, force: false, identity: local.identity)
        let byName = try await local.push(to: try remote.transport(), branches: ["v2"])
        #expect(byName.refs.map(\.remote) == ["refs/tags/v2"])
        #expect(try remote.ref("refs/tags/v2") == tip)

        let deleted = try await local.push(to: try remote.transport(), branches: ["feature"]) { $0.delete = true }
        #expect(deleted.refs.map(\.status) == [.deleted])
        #expect(try remote.ref("refs/heads/feature") == nil)

        // Another clone still tracks the deleted branch until it fetches with --prune.
        let other = try TempRepository()
        let origin = try other.addOrigin(remote.url)
        _ = try await other.repository.fetch(from: origin, transport: try remote.transport(), options: FetchOptions())
        try other.reopened().refs.update(
            #require(RefName("refs/remotes/origin/gone")), to: tip, expecting: .absent,
            log: ReflogEntryContext(who: Signature(name: "t", email: "t", time: 0), message: "t"))
        var prune = FetchOptions()
        prune.prune = true
        let pruned = try await other.reopened().fetch(from: origin, transport: try remote.transport(), options: prune)
        #expect(pruned.pruned == ["refs/remotes/origin/gone"])
        #expect(
            try other.reopened().refs.list(prefix: "refs/remotes/origin/").map(\.name.rawValue) == [
                "refs/remotes/origin/main"
            ])
    }

    @Test("pushing to the checked-out branch of a non-bare remote is refused")
    func nonBareRefused() async throws {
        let target = try TempRepository()
        try target.commitFiles(["x": "x\n"], message: "target")
        let local = try TempRepository()
        try local.commitFiles(["a.txt": "a\n"], message: "one")
        try local.addOrigin(target.root.path)
        await #expect {
            try await local.push(to: try FolderTransport(root: target.root), force: true)
        } throws: { ($0 as? RemoteError)?.code == .invalidArgument }
        _ = try local.repository.createBranch("side", start: nil, force: false, identity: local.identity)
        let side = try await local.push(to: try FolderTransport(root: target.root), branches: ["side"])
        #expect(side.refs.map(\.status) == [.created])
    }
}
