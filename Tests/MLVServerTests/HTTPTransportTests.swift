import Foundation
import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// The HTTP transport against a real server on 127.0.0.1: every operation end to end.
@Suite struct HTTPTransportTests {
    @Test("push then clone by hand: lacking, upload, updateRef, listRefs, download")
    func roundTrip() async throws {
        let root = try ServerRoot()
        try root.makeRepository("data")
        let server = try await InProcessServer(root: root.url)
        defer { Task { await server.stop() } }
        let transport = server.transport("data")
        let source = try SourceRepository()
        let commit = try source.commit(["a.bin": 1, "b/c.bin": 2], size: 300_000)
        let keys = try source.allKeys()

        #expect(try await transport.listRefs() == RemoteRefs(refs: [:], head: "refs/heads/main"))
        #expect(try await transport.lacking(keys) == keys)
        let pack = try source.packFile(keys, in: source.temp.root)
        let uploaded = ProgressLog()
        try await transport.upload(pack) { uploaded.record($0) }
        #expect(uploaded.last?.bytes == pack.byteCount)
        #expect(try await transport.lacking(keys) == [])
        try await transport.updateRef(RemoteRefUpdate(name: "refs/heads/main", expected: nil, new: commit))
        #expect(
            try await transport.listRefs() == RemoteRefs(refs: ["refs/heads/main": commit], head: "refs/heads/main"))

        let received = ReceivedObjects()
        let downloaded = ProgressLog()
        try await transport.download(keys, receive: { try received.add($0) }, progress: { downloaded.record($0) })
        #expect(received.keys == keys)
        #expect(downloaded.last?.objects == keys.count)
    }

    @Test("downloads in several requests, and a missing key fails naming it")
    func downloadBatches() async throws {
        let root = try ServerRoot()
        try root.makeRepository("data")
        let server = try await InProcessServer(root: root.url)
        defer { Task { await server.stop() } }
        let source = try SourceRepository()
        try source.commit(["a.bin": 7, "b.bin": 8, "c.bin": 9], size: 100_000)
        let keys = try source.allKeys()
        try await server.transport("data").upload(try source.packFile(keys, in: source.temp.root)) { _ in }
        var options = HTTPTransport.Options()
        options.keysPerDownload = 2
        options.keysPerLacking = 3
        let transport = HTTPTransport(url: server.url("data"), token: nil, options: options)
        let received = ReceivedObjects()
        try await transport.download(keys, receive: { try received.add($0) }, progress: { _ in })
        #expect(received.keys == keys)
        let absent = ObjectKey(SHA256Hasher.hash([9, 9, 9]), .chunk)
        #expect(try await transport.lacking(keys + [absent]) == [absent])
        let error = await #expect(throws: RemoteError.self) {
            try await transport.download([keys[0], absent], receive: { _ in }, progress: { _ in })
        }
        #expect(error?.code == .missingObjects)
        #expect(error?.message.contains(absent.id.description) == true)
    }

    @Test("compare-and-swap: a stale expected value gets staleRef; of two racing updates exactly one wins")
    func compareAndSwap() async throws {
        let root = try ServerRoot()
        try root.makeRepository("data")
        let server = try await InProcessServer(root: root.url)
        defer { Task { await server.stop() } }
        let transport = server.transport("data")
        let source = try SourceRepository()
        let first = try source.commit(["a.bin": 1])
        let second = try source.commit(["a.bin": 2])
        let third = try source.commit(["a.bin": 3])
        try await transport.upload(try source.packFile(try source.allKeys(), in: source.temp.root)) { _ in }
        try await transport.updateRef(RemoteRefUpdate(name: "refs/heads/main", expected: nil, new: first))
        let stale = await #expect(throws: RemoteError.self) {
            try await transport.updateRef(RemoteRefUpdate(name: "refs/heads/main", expected: nil, new: second))
        }
        #expect(stale?.code == .staleRef)
        #expect(stale?.message.contains(first.abbreviated) == true)

        for round in 0..<6 {
            let base = try #require(try await transport.listRefs().refs["refs/heads/main"])
            let targets = [first, second, third].filter { $0 != base }
            let outcomes = await withTaskGroup(of: (ObjectID, Bool).self) { group in
                for target in targets {
                    group.addTask {
                        let update = RemoteRefUpdate(name: "refs/heads/main", expected: base, new: target)
                        do {
                            try await server.transport("data").updateRef(update)
                            return (target, true)
                        } catch {
                            return (target, false)
                        }
                    }
                }
                var results: [(ObjectID, Bool)] = []
                for await result in group { results.append(result) }
                return results
            }
            let winners = outcomes.filter(\.1).map(\.0)
            #expect(winners.count == 1, "round \(round): \(outcomes)")
            #expect(try await transport.listRefs().refs["refs/heads/main"] == winners.first)
        }
        try await transport.updateRef(
            RemoteRefUpdate(
                name: "refs/heads/main", expected: try await transport.listRefs().refs["refs/heads/main"], new: nil))
        #expect(try await transport.listRefs().refs.isEmpty)
    }

    @Test("tokens over HTTP: 401 without or with a wrong token, 403 for a read token pushing, nothing written")
    func authorization() async throws {
        let root = try ServerRoot()
        try root.makeRepository("data")
        let tokens = AccessTokens(["reader": .read, "writer": .write])
        let server = try await InProcessServer(root: root.url, tokens: tokens)
        defer { Task { await server.stop() } }
        let source = try SourceRepository()
        let commit = try source.commit(["a.bin": 1])
        let pack = try source.packFile(try source.allKeys(), in: source.temp.root)
        let update = RemoteRefUpdate(name: "refs/heads/main", expected: nil, new: commit)

        for token in [nil, "nobody"] {
            let error = await #expect(throws: RemoteError.self) {
                try await server.transport("data", token: token).listRefs()
            }
            #expect(error?.code == .unauthorized)
        }
        let reader = server.transport("data", token: "reader")
        #expect(try await reader.listRefs().refs.isEmpty)
        let upload = await #expect(throws: RemoteError.self) { try await reader.upload(pack) { _ in } }
        #expect(upload?.code == .unauthorized)
        let ref = await #expect(throws: RemoteError.self) { try await reader.updateRef(update) }
        #expect(ref?.code == .unauthorized)
        #expect(try root.open("data").objects.installedObjectCount == 0)
        #expect(try root.open("data").refs.list(prefix: "refs/").isEmpty)

        let writer = server.transport("data", token: "writer")
        try await writer.upload(pack) { _ in }
        try await writer.updateRef(update)
        #expect(try await reader.listRefs().refs == ["refs/heads/main": commit])
    }

    @Test("10 clients download the same objects at once and all get them")
    func concurrentClients() async throws {
        let root = try ServerRoot()
        try root.makeRepository("data")
        let server = try await InProcessServer(root: root.url)
        defer { Task { await server.stop() } }
        let source = try SourceRepository()
        try source.commit(Dictionary(uniqueKeysWithValues: (0..<8).map { ("f\($0).bin", UInt64($0)) }), size: 250_000)
        let keys = try source.allKeys()
        try await server.transport("data").upload(try source.packFile(keys, in: source.temp.root)) { _ in }
        let results = try await withThrowingTaskGroup(of: [ObjectKey].self) { group in
            for _ in 0..<10 {
                group.addTask {
                    let received = ReceivedObjects()
                    try await server.transport("data").download(
                        keys, receive: { try received.add($0) }, progress: { _ in })
                    return received.keys
                }
            }
            var all: [[ObjectKey]] = []
            for try await keys in group { all.append(keys) }
            return all
        }
        #expect(results.count == 10)
        #expect(results.allSatisfy { $0 == keys })
    }

    @Test("an unknown repository is badRemote; a bad request leaves the server serving")
    func errorsKeepServing() async throws {
        let root = try ServerRoot()
        try root.makeRepository("data")
        let server = try await InProcessServer(root: root.url)
        defer { Task { await server.stop() } }
        let missing = await #expect(throws: RemoteError.self) { try await server.transport("nope").listRefs() }
        #expect(missing?.code == .badRemote)
        let escape = await #expect(throws: RemoteError.self) { try await server.transport("..%2F..").listRefs() }
        #expect(escape != nil)
        let request = HTTPClient.Request("POST", url: server.url("data").appendingPathComponent("mlv/v1/packs"))
        let response = try await HTTPClient().send(request, body: .bytes(Array(repeating: 0x41, count: 100_000)))
        #expect(response.status == 400)
        #expect(try await server.transport("data").listRefs().head == "refs/heads/main")
    }
}

/// Progress reports seen, across threads.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [TransferProgress] = []

    func record(_ progress: TransferProgress) { lock.withLock { reports.append(progress) } }
    var last: TransferProgress? { lock.withLock { reports.last } }
}
