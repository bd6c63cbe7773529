import Foundation
import Testing

@testable import MLVStorage

@Suite struct ObjectDatabaseRepackTests {
    @Test("repack keeps only kept objects and removes old packs, orphans and stale temp files")
    func keepsOnlyKept() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects, options: smallPackOptions())
        let first = try writeChunks(database, count: 20, size: 600, seed: 31)
        let second = try writeChunks(database, count: 20, size: 600, seed: 32)
        let oldPacks = Set(try scratch.packFiles("pack"))
        #expect(oldPacks.count > 2)
        // Garbage: an orphan pack and a temp file.
        let orphan = scratch.pack.appendingPathComponent("pack-\(String(repeating: "ab", count: 32)).pack")
        try Data([1, 2, 3]).write(to: orphan)
        let stale = scratch.tmp.appendingPathComponent("pack-1-ff.tmp")
        try Data([4]).write(to: stale)

        let kept = Set(first.map(\.0))
        let dry = try database.repack(keeping: { id, _ in kept.contains(id) }, dryRun: true, garbageAge: .zero)
        #expect(!dry.executed)
        #expect(dry.plan.keptObjects == 20)
        #expect(dry.plan.droppedObjects == 20)
        #expect(dry.plan.garbageFiles.sorted() == [orphan.path, stale.path].sorted())
        #expect(Set(try scratch.packFiles("pack")) == oldPacks.union([orphan]))

        let result = try database.repack(keeping: { id, _ in kept.contains(id) }, garbageAge: .zero)
        #expect(result.executed)
        #expect(!result.newPacks.isEmpty)
        let packsNow = Set(try scratch.packFiles("pack").map(\.lastPathComponent))
        #expect(packsNow == Set(result.newPacks))
        #expect(try scratch.packFiles("idx").count == packsNow.count)
        #expect(!FileManager.default.fileExists(atPath: stale.path))

        for database in [database, try ObjectDatabase(directory: scratch.objects)] {
            for (id, raw) in first { #expect(try database.read(id, kind: .chunk) == raw) }
            for (id, _) in second { #expect(!database.contains(id, kind: .chunk)) }
            #expect(database.installedObjectCount == 20)
            #expect(database.verify().isIntact)
        }
    }

    @Test("repack of one clean pack keeping everything changes nothing")
    func nothingToDo() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects)
        let written = try writeChunks(database, count: 5, size: 100, seed: 33)
        let before = try scratch.packFiles("pack")
        let result = try database.repack(keeping: { _, _ in true })
        #expect(result.plan.isEmpty)
        #expect(try scratch.packFiles("pack") == before)
        #expect(try database.read(written[0].0, kind: .chunk) == written[0].1)
    }

    @Test("repack refuses to copy a damaged object and deletes nothing")
    func refusesDamage() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects)
        let written = try writeChunks(database, count: 3, size: 100, seed: 34)
        _ = try writeChunks(database, count: 3, size: 100, seed: 35)
        let location = try #require(database.location(of: written[0].0, kind: .chunk))
        let pack = scratch.pack.appendingPathComponent(try #require(location.pack))
        try flipByte(pack, at: Int(location.offset) + PackFormat.entryHeaderSize)
        let before = try scratch.packFiles("pack")
        let error = #expect(throws: StorageError.self) {
            try ObjectDatabase(directory: scratch.objects).repack(keeping: { _, _ in true })
        }
        #expect(error?.code == .corrupt)
        #expect(try scratch.packFiles("pack") == before)
    }
}
