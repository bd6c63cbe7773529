import Foundation
import Testing

@testable import MLVStorage

@Suite struct ObjectDatabaseTests {
    @Test("round trip across several packs, then reopen")
    func roundTripMultiPack() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects, options: smallPackOptions())
        let written = try writeChunks(database, count: 40, size: 700, seed: 11)
        let writer = try database.makeWriter()
        let treeID = try writer.put(Array("tree body".utf8), kind: .tree)
        try writer.commit()
        #expect(try scratch.packFiles("pack").count > 3)
        #expect(try scratch.packFiles("idx").count == scratch.packFiles("pack").count)

        let reopened = try ObjectDatabase(directory: scratch.objects, options: smallPackOptions())
        for (id, raw) in written {
            #expect(reopened.contains(id, kind: .chunk))
            #expect(!reopened.contains(id, kind: .tree))
            #expect(try reopened.read(id, kind: .chunk) == raw)
        }
        #expect(try reopened.read(treeID, kind: .tree) == Array("tree body".utf8))
        #expect(reopened.installedObjectCount == 41)
        var seen = 0
        try reopened.forEachObject { _, _ in seen += 1 }
        #expect(seen == 41)
        let location = try #require(reopened.location(of: written[0].0, kind: .chunk))
        #expect(location.rawLength == 700)
        #expect(location.pack?.hasPrefix("pack-") == true)
        #expect(reopened.verify().isIntact)
    }

    @Test("a bulk write drops its later full packs from the page cache, and they read back intact")
    func bulkWriteDropsCache() throws {
        let (scratch, database) = try Self.bulkDatabase(bulkWriteBytes: 128 * 1024)
        let written = try writeChunks(database, count: 60, size: 16 * 1024, seed: 12)
        let packs = try scratch.packFiles("pack")
        #expect(packs.count >= 10)
        // Packs that filled after the first 128 KiB were dropped once synced; the others stay cached.
        let resident = try packs.map { try Self.residentPages($0) }
        #expect(resident.filter { $0 == 0 }.count >= packs.count - 4)
        #expect(resident.contains { $0 > 0 })
        try Self.expectIntact(database, holding: written)
    }

    @Test("a batch announced as twice the bulk size is a bulk write from its first pack")
    func announcedBulkWrite() throws {
        let (scratch, database) = try Self.bulkDatabase(bulkWriteBytes: 512 * 1024)
        // Under twice the bulk size: the packs stay cached.
        var written = try writeChunks(database, count: 6, size: 16 * 1024, seed: 13, announcing: 1000 * 1024)
        let cached = try scratch.packFiles("pack")
        written += try writeChunks(database, count: 12, size: 16 * 1024, seed: 14, announcing: 1024 * 1024)
        let dropped = try Set(scratch.packFiles("pack")).subtracting(cached)
        #expect(try cached.allSatisfy { try Self.residentPages($0) > 0 })
        #expect(dropped.count >= 2)
        #expect(try dropped.allSatisfy { try Self.residentPages($0) == 0 })
        try Self.expectIntact(database, holding: written)
    }

    /// A database of 64 KiB packs with the given bulk threshold, in a scratch folder.
    static func bulkDatabase(bulkWriteBytes: UInt64) throws -> (ScratchDirectory, ObjectDatabase) {
        let scratch = try ScratchDirectory()
        var options = smallPackOptions(limit: 64 * 1024)
        options.bulkWriteBytes = bulkWriteBytes
        return (scratch, try ObjectDatabase(directory: scratch.objects, options: options))
    }

    /// Every written object reads back, and the database verifies.
    static func expectIntact(_ database: ObjectDatabase, holding written: [(ObjectID, [UInt8])]) throws {
        for (id, raw) in written { #expect(try database.read(id, kind: .chunk) == raw) }
        #expect(database.verify().isIntact)
    }

    /// Pages of the file in the page cache (`mincore` over a mapping of it).
    static func residentPages(_ url: URL) throws -> Int {
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let size = Int(try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int))
        guard let map = unsafe mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), map != MAP_FAILED else {
            Issue.record("cannot map \(url.path)")
            return -1
        }
        defer { _ = unsafe munmap(map, size) }
        let pages = (size + 4095) / 4096
        var vector = [UInt8](repeating: 0, count: pages)
        try #require(unsafe mincore(map, size, &vector) == 0)
        return vector.filter { $0 & 1 != 0 }.count
    }

    @Test("a missing object throws .missingObject")
    func missing() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects)
        let error = #expect(throws: StorageError.self) { try database.read(.zero, kind: .chunk) }
        #expect(error?.code == .missingObject)
        #expect(database.location(of: .zero, kind: .chunk) == nil)
    }

    @Test("duplicate puts are stored once, within a batch and across batches")
    func duplicates() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects)
        let raw = Array(repeating: UInt8(7), count: 300)
        let id = SHA256Hasher.hash(raw)
        let writer = try database.makeWriter()
        #expect(try writer.put(raw, id: id, kind: .chunk))
        #expect(try !writer.put(raw, id: id, kind: .chunk))
        // A second writer of the same database sees the first one's pending object.
        #expect(try !database.makeWriter().put(raw, id: id, kind: .chunk))
        // The same id as another kind is a different object.
        #expect(try writer.put(raw, id: id, kind: .file))
        try writer.commit()
        #expect(try !database.makeWriter().put(raw, id: id, kind: .chunk))
        #expect(database.installedObjectCount == 2)
    }

    @Test("objects are invisible to other openers until commit, and readable here while pending")
    func visibility() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects, options: smallPackOptions(limit: 1000))
        let writer = try database.makeWriter()
        var generator = SeededGenerator(seed: 5)
        var objects: [(ObjectID, [UInt8])] = []
        for _ in 0..<10 {
            let raw = generator.bytes(400)
            let id = SHA256Hasher.hash(raw)
            try writer.put(raw, id: id, kind: .chunk)
            objects.append((id, raw))
        }
        for (id, raw) in objects {
            #expect(database.contains(id, kind: .chunk))
            #expect(try database.read(id, kind: .chunk) == raw)
            #expect(database.location(of: id, kind: .chunk)?.pack == nil)
        }
        let other = try ObjectDatabase(directory: scratch.objects)
        #expect(objects.allSatisfy { !other.contains($0.0, kind: .chunk) })
        #expect(try scratch.packFiles("pack").isEmpty)

        try writer.commit()
        #expect(objects.allSatisfy { !other.contains($0.0, kind: .chunk) })
        try other.reload()
        for (id, raw) in objects { #expect(try other.read(id, kind: .chunk) == raw) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.tmp.path).isEmpty)
    }

    @Test("abort leaves no pack and no temporary file")
    func abort() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects, options: smallPackOptions(limit: 1000))
        let writer = try database.makeWriter()
        var generator = SeededGenerator(seed: 6)
        let raws = (0..<8).map { _ in generator.bytes(500) }
        for raw in raws { try writer.put(raw, id: SHA256Hasher.hash(raw), kind: .chunk) }
        writer.abort()
        try writer.commit()
        #expect(try scratch.packFiles("pack").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.tmp.path).isEmpty)
        #expect(!database.contains(SHA256Hasher.hash(raws[0]), kind: .chunk))
    }

    @Test("a writer dropped without commit removes its temporary packs")
    func droppedWriter() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects)
        do {
            let writer = try database.makeWriter()
            try writer.put([1, 2, 3], kind: .tree)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.tmp.path).isEmpty)
        #expect(try scratch.packFiles("pack").isEmpty)
    }

    @Test("puts from several threads at once store every object once")
    func concurrentPuts() async throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects, options: smallPackOptions(limit: 8192))
        let writer = try database.makeWriter()
        var generator = SeededGenerator(seed: 9)
        let raws = (0..<200).map { _ in generator.bytes(300) }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<4 {
                group.addTask {
                    var stored = 0
                    // Every task puts every object, in a different order.
                    for position in 0..<raws.count {
                        let raw = raws[(position + task * 50) % raws.count]
                        if try writer.put(raw, id: SHA256Hasher.hash(raw), kind: .chunk) { stored += 1 }
                    }
                    return stored
                }
            }
            var total = 0
            for try await stored in group { total += stored }
            #expect(total == raws.count)
        }
        try writer.commit()
        let reopened = try ObjectDatabase(directory: scratch.objects)
        #expect(reopened.installedObjectCount == raws.count)
        for raw in raws { #expect(try reopened.read(SHA256Hasher.hash(raw), kind: .chunk) == raw) }
        #expect(reopened.verify().isIntact)
    }

    @Test("a pack without an index is ignored by readers and listed as garbage")
    func packWithoutIndex() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects)
        let written = try writeChunks(database, count: 3, size: 100, seed: 12)
        let index = try #require(try scratch.packFiles("idx").first)
        try FileManager.default.removeItem(at: index)
        let reopened = try ObjectDatabase(directory: scratch.objects)
        #expect(!reopened.contains(written[0].0, kind: .chunk))
        #expect(reopened.packNames.isEmpty)
        let report = reopened.verify()
        #expect(report.isIntact)
        #expect(report.garbage.count == 1)
    }
}
