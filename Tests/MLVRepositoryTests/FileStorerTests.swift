import Foundation
import MLVObjects
import MLVStorage
import MLVTestSupport
import Testing

@testable import MLVRepository

/// Chunking a large file as two halves on two threads must give exactly the cut points of one
/// sequential pass, whatever the content: the manifests (and so the file ids) are compared.
@Suite struct FileStorerTests {
    static let small = ChunkerParameters(minSize: 256, averageSize: 1024, maxSize: 4096)

    static func manifestIDs(_ bytes: [UInt8]) throws -> (sequential: ObjectID, halves: ObjectID, size: UInt64) {
        let repo = try TempRepository()
        try repo.write("f.bin", bytes)
        let path = try repo.path("f.bin")
        let stat = try #require(FileStat.of(repo.url("f.bin").path))
        var sequential = FileStorer(repository: repo.repository, writer: nil, parallel: false)
        sequential.parameters = small
        var halves = FileStorer(repository: repo.repository, writer: nil, parallel: true)
        halves.parameters = small
        halves.splitThreshold = 1
        let a = try sequential.store(path, expected: stat)
        let b = try halves.store(path, expected: stat)
        return (a.id, b.id, b.size)
    }

    @Test("two halves give the sequential cut points", arguments: [1, 2, 3, 4])
    func halvesMatchSequential(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        var bytes = generator.bytes(300_000)
        bytes += Array(generator.csv(rows: 3000).utf8)
        let ids = try Self.manifestIDs(bytes)
        #expect(ids.sequential == ids.halves)
        #expect(ids.size == UInt64(bytes.count))
    }

    @Test("a file with no content-defined cut points (all zeros) still matches")
    func zerosNeverSync() throws {
        let ids = try Self.manifestIDs([UInt8](repeating: 0, count: 100_003))
        #expect(ids.sequential == ids.halves)
    }

    @Test("tiny files and a file of one chunk match")
    func tiny() throws {
        for count in [1, 255, 256, 4097] {
            var generator = SplitMix64(seed: UInt64(count))
            let ids = try Self.manifestIDs(generator.bytes(count))
            #expect(ids.sequential == ids.halves)
        }
    }

    /// Stores `old` (small chunks, with a writer), then hashes `new` at the same path three ways:
    /// without guesses, and with the old version's chunks as guesses on one thread and on two.
    static func forecastIDs(
        old: [UInt8], new: [UInt8]
    ) throws -> (plain: ObjectID, sequential: ObjectID, halves: ObjectID, guessed: Int) {
        let repo = try TempRepository()
        let path = try repo.path("f.csv")
        try repo.write("f.csv", old)
        var storer = FileStorer(repository: repo.repository, writer: try repo.repository.objects.makeWriter())
        storer.parameters = small
        let writer = try #require(storer.writer)
        let previous = try storer.store(path, expected: try #require(FileStat.of(repo.url("f.csv").path))).id
        try writer.commit()
        try repo.write("f.csv", new)
        let stat = try #require(FileStat.of(repo.url("f.csv").path))
        let reopened = try repo.reopened()
        var plain = FileStorer(repository: reopened, writer: nil, parallel: false)
        plain.parameters = small
        let unguessed = try plain.store(path, expected: stat).id
        let guessed = ProgressCounter()
        plain.onGuess = { _ = guessed.add($0) }
        let sequential = try plain.store(path, expected: stat, previous: previous).id
        var halves = FileStorer(repository: reopened, writer: nil, parallel: true)
        halves.parameters = small
        halves.splitThreshold = 1
        let split = try halves.store(path, expected: stat, previous: previous).id
        return (unguessed, sequential, split, guessed.add(0))
    }

    @Test(
        "guessing the previous version's chunks gives the chunker's own cut points",
        arguments: ["insert", "overwrite", "append", "delete", "truncate", "prefix", "same", "repeat", "unrelated"])
    func forecastMatchesChunker(edit: String) throws {
        var generator = SplitMix64(seed: 11)
        let old = Array(generator.csv(rows: 60_000).utf8)
        var new = old
        switch edit {
        case "insert": new.insert(contentsOf: Array("inserted,row\n".utf8), at: old.count / 3)
        case "overwrite": for at in stride(from: 1000, to: old.count, by: 37_000) { new[at] = UInt8(ascii: "#") }
        case "append": new += Array(generator.csv(rows: 200).utf8)
        case "delete": new.removeSubrange(old.count / 2..<(old.count / 2 + 5000))
        case "truncate": new.removeLast(old.count / 3)
        case "prefix": new = Array("extra,header\n".utf8) + old
        case "same": break
        case "repeat": new = old + old
        default: new = Array(generator.csv(rows: 60_000).utf8)
        }
        try #require(UInt64(min(old.count, new.count)) >= FileStorer.forecastMinimumSize)
        let ids = try Self.forecastIDs(old: old, new: new)
        #expect(ids.sequential == ids.plain)
        #expect(ids.halves == ids.plain)
        // Most of an edited file comes from guesses; nothing of an unrelated one.
        if edit == "unrelated" {
            #expect(ids.guessed == 0)
        } else {
            #expect(ids.guessed > min(old.count, new.count) / 2)
        }
    }
}
