import Foundation
import Testing

@testable import MLVStorage

@Suite struct PackConsolidationTests {
    @Test(
        "roll count keeps a geometric series of the largest packs and rolls the rest",
        arguments: [
            ([UInt64](), 0),
            ([5], 0),
            ([1, 1], 2),
            ([1, 2], 0),
            ([1, 1, 1, 1, 100], 4),
            ([1, 1, 3, 100], 3),
            // 1+1+1 = 3 is more than half of 5: the 5 is rolled with them.
            ([1, 1, 1, 5, 100], 4),
            ([1, 2, 4, 8, 16], 5),
            ([1, 3, 9, 27], 0),
            ([10, 10, 100, 1000], 2),
        ])
    func rollCount(sizes: [UInt64], expected: Int) {
        #expect(PackConsolidation().rollCount(ascendingSizes: sizes) == expected)
    }

    @Test("after rolling, every small pack left holds at least twice all smaller ones together")
    func geometricAfterwards() {
        var generator = SeededGenerator(seed: 7)
        let policy = PackConsolidation()
        for _ in 0..<200 {
            var sizes = (0..<Int(generator.next() % 40 + 2)).map { _ in generator.next() % 5000 + 1 }.sorted()
            let count = policy.rollCount(ascendingSizes: sizes)
            if count > 0 {
                let rolled = sizes[0..<count].reduce(0, +)
                sizes = ([rolled] + sizes[count...]).sorted()
            }
            var smaller: UInt64 = 0
            for (position, size) in sizes.enumerated() {
                if position > 0 { #expect(size >= 2 * smaller, "\(sizes)") }
                smaller += size
            }
        }
    }

    @Test("many small packs become few; every object stays readable, in this and a fresh instance")
    func consolidates() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects)
        let stale = try ObjectDatabase(directory: scratch.objects)
        var written: [(ObjectID, [UInt8])] = []
        for seed in 0..<40 { written += try writeChunks(database, count: 3, size: 200, seed: 100 + UInt64(seed)) }
        // One object stored twice, in two packs (by an instance that had not seen the first): kept once.
        written += try writeChunks(stale, count: 1, size: 200, seed: 100)
        let reader = try ObjectDatabase(directory: scratch.objects)
        #expect(try scratch.packFiles("pack").count == 41)

        var policy = PackConsolidation(limit: 8)
        #expect(try database.consolidateSmallPacks(PackConsolidation(limit: 41)).isEmpty)
        let replaced = try database.consolidateSmallPacks(policy)
        #expect(replaced.count == 41)
        #expect(try scratch.packFiles("pack").count == 1)
        #expect(try scratch.packFiles("idx").count == 1)
        #expect(database.installedObjectCount == 120)
        // `reader` listed the old packs; it finds every object again by reloading.
        for target in [database, reader, try ObjectDatabase(directory: scratch.objects)] {
            for (id, raw) in written { #expect(try target.read(id, kind: .chunk) == raw) }
            #expect(target.verify().isIntact)
        }
        policy.limit = 0
        _ = try writeChunks(database, count: 1, size: 10, seed: 1)
        #expect(try database.consolidateSmallPacks(policy).isEmpty)
    }

    @Test("packs at or above the small-pack size are never rewritten")
    func leavesLargePacks() throws {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects)
        let large = try writeChunks(database, count: 4, size: 4000, seed: 1)
        for seed in 0..<4 { _ = try writeChunks(database, count: 1, size: 100, seed: 10 + UInt64(seed)) }
        let largePack = try #require(database.packNames.last)
        var policy = PackConsolidation(limit: 2)
        policy.smallPackBytes = 4000
        let replaced = try database.consolidateSmallPacks(policy)
        #expect(replaced.count == 4)
        #expect(!replaced.contains(largePack))
        #expect(database.packNames.contains(largePack))
        #expect(database.packNames.count == 2)
        for (id, raw) in large { #expect(try database.read(id, kind: .chunk) == raw) }
    }
}
