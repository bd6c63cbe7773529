import Foundation
import Testing

@testable import MLVStorage

@Suite struct PackIndexTests {
    private func entries(_ count: Int, seed: UInt64) -> [PackIndex.Entry] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { position in
            PackIndex.Entry(
                id: generator.objectID(), kind: .chunk, codec: .raw, offset: UInt64(8 + position * 100),
                storedLength: 58, rawLength: 58)
        }
    }

    @Test("finds every record and misses absent ids, keyed by (id, kind)")
    func lookups() throws {
        var records = entries(1000, seed: 1)
        // The same id stored as a chunk and as a tree.
        records.append(
            PackIndex.Entry(
                id: records[0].id, kind: .tree, codec: .zlib, offset: 999_999, storedLength: 7, rawLength: 9))
        let checksum = SHA256Hasher.hash([1, 2, 3])
        let bytes = try PackIndexWriter.encode(records, packChecksum: checksum)
        #expect(bytes.count == PackIndexFormat.fileSize(count: records.count))
        let index = try PackIndex(data: Data(bytes), path: "test.idx")
        #expect(index.count == records.count)
        #expect(index.packChecksum == checksum)
        #expect(index.storedChecksum == index.computedChecksum())
        for record in records {
            #expect(try index.lookup(record.id, kind: record.kind) == record)
        }
        #expect(!index.contains(records[1].id, kind: .tree))
        var generator = SeededGenerator(seed: 2)
        for _ in 0..<1000 { #expect(!index.contains(generator.objectID(), kind: .chunk)) }
    }

    @Test("finds ids by hex prefix with a binary search, filtered by kind")
    func prefixes() throws {
        let records = entries(5000, seed: 9)
        let index = try PackIndex(data: Data(try PackIndexWriter.encode(records, packChecksum: .zero)), path: "p.idx")
        for record in records.prefix(200) {
            let prefix = try #require(ObjectIDPrefix(record.id.description.prefix(12)))
            #expect(index.ids(matching: prefix, kind: .chunk) == [record.id])
            #expect(index.ids(matching: prefix, kind: .commit).isEmpty)
        }
        // The shortest prefix users may type (4 hex digits) can match several ids: compare with a scan.
        let prefix = try #require(ObjectIDPrefix(records[7].id.description.prefix(4)))
        let expected = records.map(\.id).filter { prefix.matches($0) }.sorted()
        #expect(index.ids(matching: prefix, kind: .chunk) == expected)
    }

    @Test("an empty index opens and holds nothing")
    func empty() throws {
        let bytes = try PackIndexWriter.encode([], packChecksum: .zero)
        let index = try PackIndex(data: Data(bytes), path: "empty.idx")
        #expect(index.count == 0)
        #expect(!index.contains(.zero, kind: .chunk))
    }

    @Test("rejects duplicate (id, kind) records")
    func duplicates() throws {
        let one = entries(1, seed: 3)
        let error = #expect(throws: StorageError.self) { try PackIndexWriter.encode(one + one, packChecksum: .zero) }
        #expect(error?.code == .invalidArgument)
    }

    @Test("rejects bad magic, unknown versions and wrong sizes")
    func malformed() throws {
        let good = try PackIndexWriter.encode(entries(10, seed: 4), packChecksum: .zero)
        var badMagic = good
        badMagic[0] = UInt8(ascii: "X")
        #expect(throws: StorageError.self) { try PackIndex(data: Data(badMagic), path: "x.idx") }
        let magicError = #expect(throws: StorageError.self) { try PackIndex(data: Data(badMagic), path: "x.idx") }
        #expect(magicError?.code == .corrupt)

        var newer = good
        newer[7] = 2
        let versionError = #expect(throws: StorageError.self) { try PackIndex(data: Data(newer), path: "x.idx") }
        #expect(versionError?.code == .unsupportedVersion)

        let truncated = Array(good.dropLast(1))
        let sizeError = #expect(throws: StorageError.self) { try PackIndex(data: Data(truncated), path: "x.idx") }
        #expect(sizeError?.code == .corrupt)

        let sizeErrorShort = #expect(throws: StorageError.self) {
            try PackIndex(data: Data(good.prefix(5)), path: "x.idx")
        }
        #expect(sizeErrorShort?.code == .corrupt)

        var badFanOut = good
        badFanOut[PackIndexFormat.fanOutOffset + 3] = 0xFF
        let fanOutError = #expect(throws: StorageError.self) { try PackIndex(data: Data(badFanOut), path: "x.idx") }
        #expect(fanOutError?.code == .corrupt)
    }

    @Test("an index of 1,000,000 objects opens from disk and answers without scanning")
    func millionEntries() throws {
        let scratch = try ScratchDirectory()
        let count = 1_000_000
        var generator = SeededGenerator(seed: 42)
        var records = [PackIndex.Entry]()
        records.reserveCapacity(count)
        // Ids ascend (evenly spread over the first word, so every fan-out slot is used) with random
        // low words: the writer's sort then runs in linear time in debug builds.
        let step = UInt64.max / UInt64(count)
        for position in 0..<count {
            let id = ObjectID(
                w0: UInt64(position) * step + generator.next() % step, w1: generator.next(), w2: generator.next(),
                w3: generator.next())
            records.append(
                PackIndex.Entry(
                    id: id, kind: .chunk, codec: .zlib, offset: UInt64(8 + 100 * position),
                    storedLength: 58, rawLength: 64 * 1024))
        }
        let path = scratch.url.appendingPathComponent("big.idx")
        try Data(try PackIndexWriter.encode(records, packChecksum: .zero)).write(to: path)
        let index = try PackIndex(path: path.path)
        #expect(index.count == count)
        for position in stride(from: 0, to: count, by: 9973) {
            #expect(try index.lookup(records[position].id, kind: .chunk) == records[position])
            #expect(!index.contains(records[position].id, kind: .file))
        }
        var misses = SeededGenerator(seed: 43)
        for _ in 0..<1000 { #expect(!index.contains(misses.objectID(), kind: .chunk)) }
    }
}
