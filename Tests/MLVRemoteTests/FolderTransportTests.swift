import Foundation
import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage
import MLVTestSupport
import Synchronization
import Testing

@Suite struct FolderTransportTests {
    /// Writes `objects` as one pack stream file; `damage` may change the bytes before the trailer.
    func streamFile(_ objects: [StoredObject], in directory: TempDirectory, damage: (inout [UInt8]) -> Void = { _ in })
        throws -> PackStreamFile
    {
        var encoder = PackStreamEncoder()
        var bytes = encoder.header()
        for object in objects { bytes += encoder.entry(object) }
        bytes += encoder.trailer()
        damage(&bytes)
        let url = directory.appending("stream-\(UUID().uuidString).pack")
        try Data(bytes).write(to: url)
        return PackStreamFile(url: url, objectCount: objects.count, byteCount: bytes.count)
    }

    func storedChunks(count: Int) throws -> (TempRepository, [StoredObject]) {
        let local = try TempRepository()
        try local.write("f.bin", randomBytes(count * 20_000, seed: 11))
        try local.add()
        let manifest = try local.repository.manifest(
            #require(try local.repository.readIndex().entries.first).id)
        let objects = try manifest.chunks.map { try local.repository.objects.readStored($0.id, kind: .chunk) }
        return (local, objects)
    }

    @Test("an upload whose object does not hash to its id is rejected whole; nothing is stored")
    func wrongHashRejected() async throws {
        let (_, objects) = try storedChunks(count: 3)
        let remote = try BareRemote()
        let scratch = try TempDirectory(prefix: "streams")
        var tampered = objects
        tampered[1].bytes[0] ^= 0xFF
        let file = try streamFile(tampered, in: scratch)
        await #expect {
            try await remote.transport().upload(file, progress: { _ in })
        } throws: { ($0 as? RemoteError)?.code == .protocolViolation }
        let lacking = try await remote.transport().lacking(objects.map(\.key))
        #expect(lacking == objects.map(\.key))
    }

    @Test("a truncated stream or a wrong trailer is rejected; nothing is stored")
    func truncatedRejected() async throws {
        let (_, objects) = try storedChunks(count: 2)
        let remote = try BareRemote()
        let scratch = try TempDirectory(prefix: "streams")
        for damage: (inout [UInt8]) -> Void in [{ $0.removeLast(40) }, { $0[$0.count - 1] ^= 1 }] {
            let file = try streamFile(objects, in: scratch, damage: damage)
            await #expect {
                try await remote.transport().upload(file, progress: { _ in })
            } throws: { ($0 as? RemoteError)?.code == .protocolViolation }
        }
        #expect(try await remote.transport().lacking(objects.map(\.key)).count == objects.count)
    }

    @Test("upload reports progress and installs the stream; download returns the stored bytes")
    func uploadDownloadRoundTrip() async throws {
        let (_, objects) = try storedChunks(count: 4)
        let remote = try BareRemote()
        let scratch = try TempDirectory(prefix: "streams")
        let file = try streamFile(objects, in: scratch)
        let reports = Mutex<[TransferProgress]>([])
        try await remote.transport().upload(file, progress: { report in reports.withLock { $0.append(report) } })
        #expect(reports.withLock { $0.last } == TransferProgress(objects: objects.count, bytes: file.byteCount))
        #expect(try await remote.transport().lacking(objects.map(\.key)).isEmpty)

        let received = Mutex<[StoredObject]>([])
        try await remote.transport().download(
            objects.map(\.key), receive: { object in received.withLock { $0.append(object) } }, progress: { _ in })
        #expect(received.withLock { $0 } == objects)
        let missing = ObjectKey(SHA256Hasher.hash(kind: .chunk, body: [1, 2, 3]), .chunk)
        await #expect {
            try await remote.transport().download([missing], receive: { _ in }, progress: { _ in })
        } throws: { ($0 as? RemoteError)?.code == .missingObjects }
    }

    @Test("refs that are not branches or tags cannot be updated")
    func refNamesChecked() async throws {
        let remote = try BareRemote()
        let id = SHA256Hasher.hash(kind: .commit, body: [1])
        for name in ["HEAD", "refs/remotes/origin/main", "refs/heads/../x", "main"] {
            await #expect {
                try await remote.transport().updateRef(RemoteRefUpdate(name: name, expected: nil, new: id))
            } throws: { ($0 as? RemoteError)?.code == .invalidArgument }
        }
    }

    @Test("push progress reaches the Progress receiver with bytes and a total")
    func progressReported() async throws {
        final class Recorder: MLVRepository.Progress, Sendable {
            let updates = Mutex<[(String, Int, Int?)]>([])
            func update(_ phase: String, completed: Int, total: Int?, unit: ProgressUnit) {
                updates.withLock { $0.append((phase, completed, total)) }
            }
            func done(_ phase: String) {}
        }
        let local = try TempRepository()
        let remote = try BareRemote()
        try local.write("f.bin", randomBytes(300_000, seed: 5))
        try local.add()
        try local.commit("f")
        try local.addOrigin(remote.url)
        let recorder = Recorder()
        let result = try await local.push(to: try remote.transport()) { $0.progress = recorder }
        let last = try #require(recorder.updates.withLock { $0.last })
        #expect(last.0.hasPrefix("Writing objects"))
        #expect(last.1 == result.sent.bytes)
        #expect((last.2 ?? 0) > 300_000)
    }
}
