import Foundation
import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// What every ``RemoteTransport`` must do, checked through the negotiation: the folder transport
/// runs it here, and the HTTP and S3 transports can run it against a fresh remote of their own
/// (`try await TransportConformance.check { try makeTransportToAnEmptyRemote() }`).
enum TransportConformance {
    /// Runs the checks against remotes made by `makeRemote`, each call a new, empty remote
    /// repository reached through the transport under test.
    static func check(
        _ makeRemote: () async throws -> any RemoteTransport, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await pushFetchRoundTrip(try await makeRemote(), sourceLocation: sourceLocation)
        try await compareAndSwap(try await makeRemote(), sourceLocation: sourceLocation)
        try await onlyChangedChunksTravel(try await makeRemote(), sourceLocation: sourceLocation)
    }

    /// After a 1% edit in the middle of an 8 MiB file, the push uploads at most 3% of the file:
    /// the bytes counted are those the transport reports sending (request bodies on the wire).
    static func onlyChangedChunksTravel(_ transport: any RemoteTransport, sourceLocation: SourceLocation)
        async throws
    {
        let size = 8 << 20
        let local = try TempRepository()
        var bytes = randomBytes(size, seed: 41)
        try local.write("big.bin", bytes)
        try local.add()
        try local.commit("big")
        try local.addOrigin("/unused")
        let first = try await local.reopened().push(
            to: try local.reopened().remote(named: "origin"), transport: transport, options: PushOptions())
        #expect(first.sent.bytes >= size, sourceLocation: sourceLocation)
        let edit = randomBytes(size / 100, seed: 42)
        bytes.replaceSubrange(size / 2..<size / 2 + edit.count, with: edit)
        try local.write("big.bin", bytes)
        try local.add()
        try local.commit("change 1%")
        let second = try await local.reopened().push(
            to: try local.reopened().remote(named: "origin"), transport: transport, options: PushOptions())
        #expect(second.sent.bytes > 0, sourceLocation: sourceLocation)
        #expect(
            second.sent.bytes <= size * 3 / 100, "second push sent \(second.sent.bytes) bytes",
            sourceLocation: sourceLocation)
    }

    /// Push two commits, fetch them into an empty repository, compare, and ask `lacking` again.
    static func pushFetchRoundTrip(_ transport: any RemoteTransport, sourceLocation: SourceLocation) async throws {
        #expect(try await transport.listRefs().refs.isEmpty, sourceLocation: sourceLocation)
        let local = try TempRepository()
        try local.write("data/a.bin", randomBytes(150_000, seed: 31))
        try local.commitFiles(["README": "one\n"], message: "one")
        try local.addOrigin("/unused")
        var options = PushOptions()
        options.pieceSize = 64 << 10
        let first = try await local.reopened().push(
            to: try local.reopened().remote(named: "origin"), transport: transport, options: options)
        #expect(first.refs.map(\.status) == [.created], sourceLocation: sourceLocation)
        let tip = try local.commitFiles(["README": "two\n"], message: "two")
        let second = try await local.reopened().push(
            to: try local.reopened().remote(named: "origin"), transport: transport, options: options)
        #expect(second.sent.objects == 4, sourceLocation: sourceLocation)
        #expect(try await transport.listRefs().refs["refs/heads/main"] == tip, sourceLocation: sourceLocation)

        let other = try TempRepository()
        let origin = try other.addOrigin("/unused")
        let fetched = try await other.repository.fetch(from: origin, transport: transport, options: FetchOptions())
        #expect(fetched.updated.first?.new == tip, sourceLocation: sourceLocation)
        var bytes: [UInt8] = []
        try other.reopened().readFile("refs/remotes/origin/main", path: try other.path("data/a.bin")) { bytes += $0 }
        #expect(bytes == randomBytes(150_000, seed: 31), sourceLocation: sourceLocation)
        #expect(try other.reopened().fsck().problems.isEmpty, sourceLocation: sourceLocation)
        let commitKey = ObjectKey(tip, .commit)
        let unknown = ObjectKey(SHA256Hasher.hash(kind: .chunk, body: [9, 9, 9]), .chunk)
        #expect(try await transport.lacking([commitKey, unknown]) == [unknown], sourceLocation: sourceLocation)
    }

    /// Stale expectations lose; a ref whose objects are missing is refused.
    static func compareAndSwap(_ transport: any RemoteTransport, sourceLocation: SourceLocation) async throws {
        let local = try TempRepository()
        let one = try local.commitFiles(["a": "1\n"], message: "one")
        try local.addOrigin("/unused")
        _ = try await local.reopened().push(
            to: try local.reopened().remote(named: "origin"), transport: transport, options: PushOptions())
        let two = try local.commitFiles(["a": "2\n"], message: "two")
        await #expect(sourceLocation: sourceLocation) {
            try await transport.updateRef(RemoteRefUpdate(name: "refs/heads/main", expected: one, new: two))
        } throws: { ($0 as? RemoteError)?.code == .missingObjects }
        await #expect(sourceLocation: sourceLocation) {
            try await transport.updateRef(RemoteRefUpdate(name: "refs/heads/main", expected: nil, new: one))
        } throws: { ($0 as? RemoteError)?.code == .staleRef }
        await #expect(sourceLocation: sourceLocation) {
            try await transport.updateRef(RemoteRefUpdate(name: "refs/heads/main", expected: two, new: one))
        } throws: { ($0 as? RemoteError)?.code == .staleRef }
        try await transport.updateRef(RemoteRefUpdate(name: "refs/heads/side", expected: nil, new: one))
        try await transport.updateRef(RemoteRefUpdate(name: "refs/heads/side", expected: one, new: nil))
        #expect(try await transport.listRefs().refs == ["refs/heads/main": one], sourceLocation: sourceLocation)
    }
}

@Suite struct FolderTransportConformanceTests {
    @Test("the folder transport passes the transport conformance checks")
    func conformance() async throws {
        var remotes: [BareRemote] = []
        try await TransportConformance.check {
            let remote = try BareRemote()
            remotes.append(remote)
            return try remote.transport()
        }
        #expect(remotes.count == 3)
    }
}
