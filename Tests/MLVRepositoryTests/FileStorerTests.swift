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
}
