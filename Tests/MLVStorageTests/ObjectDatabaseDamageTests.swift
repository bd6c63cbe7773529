import Foundation
import Testing

@testable import MLVStorage

/// One test per failure mode: each damages a committed store, then checks the error code seen by
/// readers and that `verify` reports the problem.
@Suite struct ObjectDatabaseDamageTests {
    /// A store with one pack of five random (so raw-stored) chunks.
    private func makeStore() throws -> (ScratchDirectory, [(ObjectID, [UInt8])], URL, URL) {
        let scratch = try ScratchDirectory()
        let database = try ObjectDatabase(directory: scratch.objects)
        let written = try writeChunks(database, count: 5, size: 200, seed: 21)
        let pack = try #require(try scratch.packFiles("pack").first)
        let index = try #require(try scratch.packFiles("idx").first)
        return (scratch, written, pack, index)
    }

    private func verifyReport(_ scratch: ScratchDirectory) throws -> VerifyReport {
        var options = ObjectDatabase.Options()
        options.skipsDamagedIndexes = true
        return try ObjectDatabase(directory: scratch.objects, options: options).verify()
    }

    @Test("truncated pack")
    func truncatedPack() throws {
        let (scratch, written, pack, _) = try makeStore()
        let bytes = try Data(contentsOf: pack)
        try bytes.prefix(bytes.count - 150).write(to: pack)
        let database = try ObjectDatabase(directory: scratch.objects)
        let last = try #require(written.last)
        let error = #expect(throws: StorageError.self) { try database.read(last.0, kind: .chunk) }
        #expect(error?.code == .corrupt)
        let report = try verifyReport(scratch)
        #expect(report.problems.contains { $0.file == pack.path && $0.error.code == .corrupt })
        #expect(report.problems.contains { $0.error.message.contains("truncated") })
    }

    @Test("flipped byte in a stored object")
    func flippedObjectByte() throws {
        let (scratch, written, pack, _) = try makeStore()
        let database = try ObjectDatabase(directory: scratch.objects)
        let (id, _) = written[2]
        let location = try #require(database.location(of: id, kind: .chunk))
        try flipByte(pack, at: Int(location.offset) + PackFormat.entryHeaderSize + 17)
        let reopened = try ObjectDatabase(directory: scratch.objects)
        let error = #expect(throws: StorageError.self) { try reopened.read(id, kind: .chunk) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains(id.description) == true)
        #expect(error?.message.contains(pack.path) == true)
        // The other objects still read.
        #expect(try reopened.read(written[1].0, kind: .chunk) == written[1].1)
        let report = reopened.verify()
        #expect(report.problems.contains { $0.id == id && $0.offset == location.offset && $0.file == pack.path })
    }

    @Test("bad pack trailer checksum")
    func badTrailer() throws {
        let (scratch, written, pack, _) = try makeStore()
        let size = try Data(contentsOf: pack).count
        try flipByte(pack, at: size - 1)
        // Reads do not check the trailer; fsck does.
        let database = try ObjectDatabase(directory: scratch.objects)
        #expect(try database.read(written[0].0, kind: .chunk) == written[0].1)
        let report = database.verify()
        let problem = try #require(report.problems.first)
        #expect(report.problems.count == 1)
        #expect(problem.error.code == .corrupt)
        #expect(problem.file == pack.path)
        #expect(problem.error.message.contains("trailer checksum mismatch"))
    }

    @Test("index pointing past the end of the pack")
    func indexPastEOF() throws {
        let (scratch, written, pack, index) = try makeStore()
        let packChecksum = try #require(PackFormat.checksum(fromFileName: pack.lastPathComponent))
        let packSize = try Data(contentsOf: pack).count
        let (id, raw) = written[0]
        let bogus = PackIndex.Entry(
            id: id, kind: .chunk, codec: .raw, offset: UInt64(packSize + 1000), storedLength: raw.count,
            rawLength: raw.count)
        try Data(try PackIndexWriter.encode([bogus], packChecksum: packChecksum)).write(to: index)
        let database = try ObjectDatabase(directory: scratch.objects)
        let error = #expect(throws: StorageError.self) { try database.read(id, kind: .chunk) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("past the end") == true)
        let report = database.verify()
        #expect(report.problems.contains { $0.file == index.path && $0.id == id && $0.error.code == .corrupt })
    }

    @Test("index with bad magic")
    func indexBadMagic() throws {
        let (scratch, _, _, index) = try makeStore()
        try patchFile(index, at: 0, with: Array("JUNK".utf8))
        let error = #expect(throws: StorageError.self) { try ObjectDatabase(directory: scratch.objects) }
        #expect(error?.code == .corrupt)
        let report = try verifyReport(scratch)
        #expect(report.problems.contains { $0.file == index.path && $0.error.code == .corrupt })
    }

    @Test("index with a newer version")
    func indexNewerVersion() throws {
        let (scratch, _, _, index) = try makeStore()
        try patchFile(index, at: 4, with: [0, 0, 0, 2])
        let error = #expect(throws: StorageError.self) { try ObjectDatabase(directory: scratch.objects) }
        #expect(error?.code == .unsupportedVersion)
        let report = try verifyReport(scratch)
        #expect(report.problems.contains { $0.file == index.path && $0.error.code == .unsupportedVersion })
    }

    @Test("index checksum mismatch")
    func indexChecksum() throws {
        let (scratch, written, _, index) = try makeStore()
        let size = try Data(contentsOf: index).count
        try flipByte(index, at: size - 1)
        let database = try ObjectDatabase(directory: scratch.objects)
        #expect(try database.read(written[0].0, kind: .chunk) == written[0].1)
        let report = database.verify()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.error.message.contains("checksum mismatch") == true)
    }

    @Test("index that disagrees with its pack")
    func indexDisagrees() throws {
        let (scratch, written, pack, index) = try makeStore()
        let packChecksum = try #require(PackFormat.checksum(fromFileName: pack.lastPathComponent))
        let database = try ObjectDatabase(directory: scratch.objects)
        // Drop one record: the pack then holds an object its index does not list.
        var entries: [PackIndex.Entry] = []
        for (id, _) in written.dropFirst() {
            let location = try #require(database.location(of: id, kind: .chunk))
            entries.append(
                PackIndex.Entry(
                    id: id, kind: .chunk, codec: location.codec, offset: location.offset,
                    storedLength: location.storedLength, rawLength: location.rawLength))
        }
        try Data(try PackIndexWriter.encode(entries, packChecksum: packChecksum)).write(to: index)
        let report = try ObjectDatabase(directory: scratch.objects).verify()
        #expect(report.problems.contains { $0.error.message.contains("holds 5 objects but its index lists 4") })
    }
}
