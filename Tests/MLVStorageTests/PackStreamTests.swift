import Foundation
import Testing

@testable import MLVStorage

/// Objects as they travel between repositories: stored bytes read from one database, a pack
/// stream cut into arbitrary pieces, verified and appended to another.
@Suite struct PackStreamTests {
    /// A few random (incompressible) chunks, a compressible one and a tree, committed.
    private func sourceDatabase(_ scratch: ScratchDirectory) throws -> (ObjectDatabase, [ObjectKey]) {
        let database = try ObjectDatabase(directory: scratch.objects)
        var keys = try writeChunks(database, count: 12, size: 3000, seed: 5).map { ObjectKey($0.0, .chunk) }
        let writer = try database.makeWriter()
        let text = Array(String(repeating: "row,1.5,category\n", count: 400).utf8)
        let textID = SHA256Hasher.hash(text)
        try writer.put(text, id: textID, kind: .chunk)
        keys.append(ObjectKey(textID, .chunk))
        keys.append(ObjectKey(try writer.put(Array("tree body".utf8), kind: .tree), .tree))
        try writer.commit()
        return (database, keys)
    }

    private func encode(_ objects: [StoredObject]) -> [UInt8] {
        var encoder = PackStreamEncoder()
        var bytes = encoder.header()
        for object in objects { bytes += encoder.entry(object) }
        bytes += encoder.trailer()
        return bytes
    }

    private func decode(_ bytes: [UInt8], pieces seed: UInt64) throws -> [StoredObject] {
        var generator = SeededGenerator(seed: seed)
        var decoder = PackStreamDecoder(source: "test")
        var objects: [StoredObject] = []
        var offset = 0
        while offset < bytes.count {
            let length = min(bytes.count - offset, Int(generator.next() % 700) + 1)
            objects += try decoder.feed(bytes[offset..<offset + length])
            offset += length
        }
        try decoder.finish()
        return objects
    }

    @Test("objects survive a stream cut into random pieces and land unchanged in another database")
    func roundTrip() throws {
        let from = try ScratchDirectory()
        let (source, keys) = try sourceDatabase(from)
        let stored = try keys.map { try source.readStored($0.id, kind: $0.kind) }
        #expect(stored.contains { $0.codec == .zlib })
        #expect(stored.contains { $0.codec == .raw })
        let bytes = encode(stored)
        for seed in [UInt64(1), 2, 3] {
            #expect(try decode(bytes, pieces: seed) == stored)
        }

        let to = try ScratchDirectory()
        let target = try ObjectDatabase(directory: to.objects)
        let writer = try target.makeWriter()
        for object in try decode(bytes, pieces: 9) { #expect(try writer.putStored(object)) }
        #expect(try writer.putStored(stored[0]) == false)
        try writer.commit()
        for key in keys {
            #expect(try target.read(key.id, kind: key.kind) == source.read(key.id, kind: key.kind))
            #expect(try target.readStored(key.id, kind: key.kind) == source.readStored(key.id, kind: key.kind))
        }
        #expect(target.verify().isIntact)
    }

    @Test("a stream is byte for byte the pack file that holds the same objects in the same order")
    func streamIsAPack() throws {
        let from = try ScratchDirectory()
        let (source, keys) = try sourceDatabase(from)
        let stored = try keys.map { try source.readStored($0.id, kind: $0.kind) }
        let to = try ScratchDirectory()
        let target = try ObjectDatabase(directory: to.objects)
        let writer = try target.makeWriter()
        for object in stored { try writer.putStored(object) }
        try writer.commit()
        let packs = try to.packFiles("pack")
        #expect(packs.count == 1)
        let packBytes = try Array(Data(contentsOf: packs[0]))
        #expect(packBytes == encode(stored))
    }

    @Test("an object whose bytes do not hash to its id is refused and nothing is stored")
    func corruptObject() throws {
        let from = try ScratchDirectory()
        let (source, keys) = try sourceDatabase(from)
        var object = try source.readStored(keys[0].id, kind: keys[0].kind)
        object.bytes[17] ^= 0x40
        let to = try ScratchDirectory()
        let target = try ObjectDatabase(directory: to.objects)
        let writer = try target.makeWriter()
        let error = #expect(throws: StorageError.self) { try writer.putStored(object, source: "origin") }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("origin") == true)
        try writer.commit()
        #expect(!target.contains(object.id, kind: object.kind))
        #expect(target.installedObjectCount == 0)
    }

    @Test("a pending object's stored bytes are readable before its writer commits")
    func pendingStored() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects)
        let writer = try database.makeWriter()
        let id = try writer.put(Array("commit body".utf8), kind: .commit)
        let object = try database.readStored(id, kind: .commit)
        #expect(try object.verified() == Array("commit body".utf8))
        writer.abort()
        #expect(throws: StorageError.self) { try database.readStored(id, kind: .commit) }
    }

    @Test("truncated, mis-signed and malformed streams are rejected with the source named")
    func malformed() throws {
        let from = try ScratchDirectory()
        let (source, keys) = try sourceDatabase(from)
        let bytes = encode(try keys.map { try source.readStored($0.id, kind: $0.kind) })

        func failure(_ stream: [UInt8], limit: Int = 256 << 20) -> StorageError? {
            var decoder = PackStreamDecoder(source: "http://example/repo", maxStoredLength: limit)
            do {
                _ = try decoder.feed(stream)
                try decoder.finish()
                return nil
            } catch {
                return error
            }
        }
        let truncated = failure(Array(bytes.dropLast(5)))
        #expect(truncated?.code == .corrupt)
        #expect(truncated?.message.contains("ended early") == true)
        var badTrailer = bytes
        badTrailer[badTrailer.count - 1] ^= 1
        #expect(failure(badTrailer)?.message.contains("wrong checksum") == true)
        var badMagic = bytes
        badMagic[0] = 0
        #expect(failure(badMagic)?.message.contains("http://example/repo") == true)
        var newer = bytes
        newer[7] = 2
        #expect(failure(newer)?.code == .unsupportedVersion)
        var badKind = bytes
        badKind[PackFormat.headerSize] = 9
        #expect(failure(badKind)?.message.contains("unknown kind 9") == true)
        #expect(failure(bytes, limit: 100)?.message.contains("more than the limit") == true)
        #expect(failure([])?.message.contains("ended early") == true)
    }
}
