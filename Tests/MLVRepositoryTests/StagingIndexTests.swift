import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct StagingIndexTests {
    static func sample() throws -> StagingIndex {
        var rng = SplitMix64(seed: 7)
        func id() -> ObjectID { ObjectID(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next()) }
        let stat = FileStat(
            kind: .file, size: 10, mtimeNanoseconds: 1_700_000_000_123_456_789,
            ctimeNanoseconds: 1_700_000_001_000_000_000, inode: 4242, isExecutable: false)
        return StagingIndex(entries: [
            .init(path: try repoPath("z/last.bin"), mode: .file, id: id(), size: 10, stat: stat),
            .init(path: try repoPath("a.txt"), mode: .executable, id: id(), size: 3),
            .init(path: try repoPath("link"), mode: .symlink, id: id(), size: 6),
            .init(path: try repoPath("conflict"), mode: .file, id: id(), size: 1, stage: 3),
            .init(path: try repoPath("conflict"), mode: .file, id: id(), size: 1, stage: 2),
        ])
    }

    @Test("sorts entries by path and stage and round-trips every field")
    func roundTrip() throws {
        let index = try Self.sample()
        #expect(
            index.entries.map { "\($0.path):\($0.stage)" } == [
                "a.txt:0", "conflict:2", "conflict:3", "link:0", "z/last.bin:0",
            ])
        let decoded = try StagingIndex(decoding: index.encoded(), path: "index")
        #expect(decoded == index)
        #expect(decoded[try repoPath("z/last.bin")]?.inode == 4242)
        #expect(decoded[try repoPath("conflict")] == nil)
        #expect(decoded.conflictedPaths.map(\.rawValue) == ["conflict"])
        #expect(try StagingIndex(decoding: StagingIndex().encoded(), path: "index").entries.isEmpty)
    }

    @Test(
        "paths are checked component by component",
        arguments: [
            ("a", true), ("a/b.txt", true), ("...", true), (".mlvx", true), ("x/.mlvignore", true), ("é/ü", true),
            (".", false), ("..", false), ("a/../b", false), ("a/.", false), (".mlv", false), ("a/.mlv/HEAD", false),
            ("a//b", false), ("/a", false), ("a/", false), ("a\u{0}b", false),
            (String(repeating: "n", count: 4096), true), (String(repeating: "n", count: 4097), false),
        ])
    func pathRules(text: String, valid: Bool) {
        #expect((RepoPath(text) != nil) == valid)
    }

    @Test("an index whose checksum is right but holds a path outside the worktree is refused")
    func escapingPath() throws {
        let index = StagingIndex(entries: [.init(path: try repoPath("aa/x"), mode: .file, id: .zero, size: 0)])
        var bytes = index.encoded()
        let at = try #require(
            bytes.indices.first { bytes[$0] == UInt8(ascii: "a") && bytes[$0 + 1] == UInt8(ascii: "a") })
        bytes[at] = UInt8(ascii: ".")
        bytes[at + 1] = UInt8(ascii: ".")
        bytes.removeLast(32)
        SHA256Hasher.hash(bytes).append(to: &bytes)
        #expect(throws: RepositoryError.self) { try StagingIndex(decoding: bytes, path: "index") }
    }

    @Test("the cached tree id survives stat refreshes and is cleared by content changes")
    func treeIDCache() throws {
        var index = try Self.sample()
        let tree = ObjectID(w0: 1, w1: 2, w2: 3, w3: 4)
        index.treeID = tree
        let decoded = try StagingIndex(decoding: index.encoded(), path: "index")
        #expect(decoded.treeID == tree)
        let path = try repoPath("a.txt")
        let old = try #require(index[path])
        var refreshed = old
        refreshed.mtimeNanoseconds += 1
        index.set(refreshed)
        #expect(index.treeID == tree)
        var edited = old
        edited.id = .zero
        index.set(edited)
        #expect(index.treeID == nil)
        index.treeID = tree
        index.remove(path)
        #expect(index.treeID == nil)
        index.treeID = tree
        index.set(.init(path: try repoPath("new.txt"), mode: .file, id: .zero, size: 0))
        #expect(index.treeID == nil)
    }

    @Test("set replaces conflict stages; remove drops every stage")
    func setAndRemove() throws {
        var index = try Self.sample()
        let path = try repoPath("conflict")
        index.set(.init(path: path, mode: .file, id: .zero, size: 0))
        #expect(index.entries.filter { $0.path == path }.map(\.stage) == [0])
        index.remove(path)
        #expect(index.entries.filter { $0.path == path }.isEmpty)
        #expect(index.entries(within: try repoPath("z")).count == 1)
    }

    @Test("detects a flipped byte anywhere as corrupt")
    func flippedBytes() throws {
        let encoded = try Self.sample().encoded()
        for offset in stride(from: 0, to: encoded.count, by: 7) {
            var damaged = encoded
            damaged[offset] ^= 0x40
            #expect(throws: RepositoryError.self, "offset \(offset)") {
                try StagingIndex(decoding: damaged, path: "index")
            }
        }
    }

    @Test("detects truncation, bad magic and trailing bytes")
    func truncation() throws {
        let encoded = try Self.sample().encoded()
        for length in [0, 4, 43, encoded.count / 2, encoded.count - 1] {
            let error = expectRepositoryError(.corrupt) {
                _ = try StagingIndex(decoding: Array(encoded.prefix(length)), path: "/r/.mlv/index")
            }
            #expect(error?.message.contains("/r/.mlv/index") == true)
        }
        // Trailing bytes with a valid checksum over them.
        let body = Array(encoded.dropLast(32)) + [0]
        expectRepositoryError(.corrupt) {
            _ = try StagingIndex(decoding: body + SHA256Hasher.hash(body).bytes, path: "i")
        }
    }

    @Test("refuses an unknown version even with a valid checksum")
    func unknownVersion() throws {
        var body = Array(try Self.sample().encoded().dropLast(32))
        body[7] = 9
        let error = expectRepositoryError(.unsupportedFormat) {
            _ = try StagingIndex(decoding: body + SHA256Hasher.hash(body).bytes, path: "i")
        }
        #expect(error?.message.contains("version 9") == true)
    }

    @Test("matches a stat only when every field is equal and the entry is not racy")
    func statMatching() throws {
        let stat = FileStat(
            kind: .file, size: 10, mtimeNanoseconds: 1_000, ctimeNanoseconds: 2_000, inode: 5, isExecutable: false)
        let entry = StagingIndex.Entry(path: try repoPath("f"), mode: .file, id: .zero, size: 10, stat: stat)
        #expect(entry.matches(stat, indexTime: 5_000))
        #expect(!entry.matches(stat, indexTime: 1_000), "racy: written in the same tick")
        var changed = stat
        changed.size = 11
        #expect(!entry.matches(changed, indexTime: 5_000))
        changed = stat
        changed.inode = 6
        #expect(!entry.matches(changed, indexTime: 5_000))
        changed = stat
        changed.isExecutable = true
        #expect(!entry.matches(changed, indexTime: 5_000))
    }

    @Test("a damaged index file makes status fail with a hint to rebuild it")
    func damagedIndexFile() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["a": "a"], message: "one")
        var bytes = [UInt8](try Data(contentsOf: repo.layout.index))
        bytes[bytes.count / 2] ^= 1
        try Data(bytes).write(to: repo.layout.index)
        let error = expectRepositoryError(.corrupt) { _ = try repo.repository.status() }
        #expect(error?.hint?.contains("mlv reset") == true)
    }
}
