import Foundation
import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct ResumeAndRaceTests {
    @Test("an interrupted push keeps the pieces that arrived; the next push sends only the rest")
    func resumePush() async throws {
        let local = try TempRepository()
        let remote = try BareRemote()
        try local.write("big.bin", randomBytes(2 << 20, seed: 3))
        try local.add()
        let tip = try local.commit("big").id
        try local.addOrigin(remote.url)
        let small: (inout PushOptions) -> Void = { options in
            options.pieceSize = 256 << 10
            options.jobs = 1
        }
        let dropping = InterruptedTransport(try remote.transport(), uploadLimit: 3)
        await #expect {
            try await local.push(to: dropping, configure: small)
        } throws: { ($0 as? RemoteError)?.code == .unreachable }
        #expect(try remote.ref("refs/heads/main") == nil)
        // The remote refuses a ref whose closure it lacks.
        await #expect {
            try await remote.transport().updateRef(RemoteRefUpdate(name: "refs/heads/main", expected: nil, new: tip))
        } throws: { ($0 as? RemoteError)?.code == .missingObjects }
        #expect(try remote.ref("refs/heads/main") == nil)

        let total = try await {
            let scratch = try BareRemote()
            try local.reopened().setRemoteURL("origin", url: scratch.url, relativeTo: local.root)
            let all = try await local.push(to: try scratch.transport(), configure: small)
            try local.reopened().setRemoteURL("origin", url: remote.url, relativeTo: local.root)
            // The tracking ref now says origin has the tip, which the real remote does not.
            try local.reopened().refs.delete(#require(RefName("refs/remotes/origin/main")), expecting: .any)
            return all.sent
        }()
        let resumed = try await local.push(to: try remote.transport(), configure: small)
        #expect(resumed.refs.map(\.status) == [.created])
        #expect(resumed.sent.objects > 0)
        #expect(resumed.sent.bytes < total.bytes * 3 / 4, "resumed \(resumed.sent.bytes) of \(total.bytes)")
        #expect(try remote.ref("refs/heads/main") == tip)
        #expect(try remote.fsckProblems().isEmpty)
    }

    @Test("an interrupted fetch keeps the chunk batches that arrived; the next one fetches the rest")
    func resumeFetch() async throws {
        let upstream = try TempRepository()
        let remote = try BareRemote()
        try upstream.write("big.bin", randomBytes(1 << 20, seed: 4))
        try upstream.add()
        let tip = try upstream.commit("big").id
        try upstream.addOrigin(remote.url)
        try await upstream.push(to: try remote.transport())

        let local = try TempRepository()
        let origin = try local.addOrigin(remote.url)
        var options = FetchOptions()
        options.batchSize = 8
        options.jobs = 1
        // Commits, trees and manifests take the first downloads; chunk batches follow.
        let dropping = InterruptedTransport(try remote.transport(), downloadLimit: 6)
        await #expect {
            try await local.repository.fetch(from: origin, transport: dropping, options: options)
        } throws: { ($0 as? RemoteError)?.code == .unreachable }
        #expect(try local.reopened().refs.resolve(#require(RefName("refs/remotes/origin/main"))).id == nil)
        #expect(try !local.reopened().objects.contains(tip, kind: .commit))

        let counting = InterruptedTransport(try remote.transport())
        let result = try await local.reopened().fetch(from: origin, transport: counting, options: options)
        #expect(result.updated.first?.new == tip)
        let stored = try Repository(root: remote.directory.url)
        let chunks = try stored.manifest(#require(try stored.tree(stored.commit(tip).tree).entries.first).id).chunks
            .count
        // Two of the six downloads were chunk batches of eight that stayed.
        #expect(result.received.objects <= 3 + chunks - 16, "received \(result.received.objects) of \(chunks) chunks")
        #expect(try local.reopened().fsck().problems.isEmpty)
    }

    @Test("of two concurrent pushes to one branch exactly one wins; the other gets a clear error, nothing lost")
    func concurrentPushes() async throws {
        let remote = try BareRemote()
        let base = try TempRepository()
        try base.commitFiles(["a.txt": "base\n"], message: "base")
        try base.addOrigin(remote.url)
        try await base.push(to: try remote.transport())

        var clones: [Repository] = []
        let scratch = try TempDirectory(prefix: "race")
        for name in ["x", "y"] {
            let clone = try await Repository.clone(
                url: remote.url, into: scratch.appending(name),
                config: RemoteTransportConfig(currentDirectory: scratch.url),
                options: CloneOptions(identity: TestIdentity.identity)
            ).repository
            try Data("\(name)\n".utf8).write(to: scratch.appending("\(name)/\(name).txt"))
            _ = try clone.add(AddOptions(paths: [.root]))
            _ = try clone.commit(CommitOptions(message: name, identity: TestIdentity.identity))
            clones.append(try Repository(root: scratch.appending(name)))
        }
        let outcomes = await withTaskGroup(of: Result<ObjectID, any Error>.self) { group in
            for clone in clones {
                group.addTask {
                    do {
                        let origin = try clone.remote(named: "origin")
                        _ = try await clone.push(
                            to: origin, transport: try FolderTransport(root: URL(fileURLWithPath: origin.url)),
                            options: PushOptions())
                        return .success(try #require(try clone.head().commitID))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var all: [Result<ObjectID, any Error>] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let winners = outcomes.compactMap { try? $0.get() }
        #expect(winners.count == 1)
        for case .failure(let error) in outcomes {
            let code = (error as? RemoteError)?.code
            #expect(code == .staleRef || code == .nonFastForward, "\(error)")
        }
        #expect(try remote.ref("refs/heads/main") == winners.first)
        #expect(try remote.fsckProblems().isEmpty)
    }

    @Test("a remote-tracking ref naming commits the remote lost is only a hint: the push still completes")
    func staleTrackingRef() async throws {
        let local = try TempRepository()
        let first = try BareRemote()
        let tip = try local.commitFiles(["a.txt": "a\n", "b/c.txt": "c\n"], message: "one")
        try local.addOrigin(first.url)
        try await local.push(to: try first.transport())
        // origin now names a new, empty repository; refs/remotes/origin/main still says `tip`.
        let second = try BareRemote()
        try local.reopened().setRemoteURL("origin", url: second.url, relativeTo: local.root)
        let result = try await local.push(to: try second.transport())
        #expect(result.refs.map(\.status) == [.created])
        #expect(try second.ref("refs/heads/main") == tip)
        #expect(try second.fsckProblems().isEmpty)
    }

    @Test("a ref update with a stale expected value fails with staleRef and leaves the ref")
    func staleExpectation() async throws {
        let remote = try BareRemote()
        let local = try TempRepository()
        let one = try local.commitFiles(["a.txt": "1\n"], message: "one")
        try local.addOrigin(remote.url)
        try await local.push(to: try remote.transport())
        let two = try local.commitFiles(["a.txt": "2\n"], message: "two")
        try await local.push(to: try remote.transport())
        await #expect {
            try await remote.transport().updateRef(RemoteRefUpdate(name: "refs/heads/main", expected: one, new: one))
        } throws: { ($0 as? RemoteError)?.code == .staleRef }
        await #expect {
            try await remote.transport().updateRef(RemoteRefUpdate(name: "refs/heads/main", expected: nil, new: one))
        } throws: { ($0 as? RemoteError)?.code == .staleRef }
        #expect(try remote.ref("refs/heads/main") == two)
    }
}
