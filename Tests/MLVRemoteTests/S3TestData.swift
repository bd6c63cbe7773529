import Foundation
import MLVStorage
import MLVTestSupport
import Synchronization

@testable import MLVRemote

/// Real objects in a real object database, written out as a pack stream file for uploads.
struct S3TestPack {
    let file: PackStreamFile
    let objects: [StoredObject]
    var keys: [ObjectKey] { objects.map(\.key) }

    /// A pack of `chunks` random chunks of `chunkSize` bytes (stored raw, so sizes are
    /// predictable) plus the structured objects in `extra` (kind, body), from `seed`.
    static func make(
        in directory: TempDirectory, name: String, seed: UInt64, chunks: Int, chunkSize: Int,
        extra: [(ObjectKind, [UInt8])] = []
    ) throws -> S3TestPack {
        let database = try ObjectDatabase(directory: directory.appending("\(name)-objects"))
        let writer = try database.makeWriter()
        var random = SplitMix64(seed: seed)
        var keys: [ObjectKey] = []
        for _ in 0..<chunks {
            let bytes = random.bytes(chunkSize)
            let id = SHA256Hasher.hash(kind: .chunk, body: bytes)
            try writer.put(bytes, id: id, kind: .chunk)
            keys.append(ObjectKey(id, .chunk))
        }
        for (kind, body) in extra { keys.append(ObjectKey(try writer.put(body, kind: kind), kind)) }
        try writer.commit()
        let objects = try keys.map { try database.readStored($0.id, kind: $0.kind) }
        var encoder = PackStreamEncoder()
        var bytes = encoder.header()
        for object in objects { bytes += encoder.entry(object) }
        bytes += encoder.trailer()
        let url = directory.appending("\(name).pack")
        try Data(bytes).write(to: url)
        return S3TestPack(
            file: PackStreamFile(url: url, objectCount: objects.count, byteCount: bytes.count), objects: objects)
    }
}

/// Collects what a download hands over, from any task.
final class Received: Sendable {
    private let objects = Mutex<[StoredObject]>([])

    func add(_ object: StoredObject) throws {
        try object.verified(source: "test")
        objects.withLock { $0.append(object) }
    }

    var all: [StoredObject] { objects.withLock { $0 } }
}
