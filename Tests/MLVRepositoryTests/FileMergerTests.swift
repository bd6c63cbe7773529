import Foundation
import MLVObjects
import MLVStorage
import MLVTestSupport
import Testing

@testable import MLVRepository

/// A merger that joins both sides (ours first) and remembers which paths it saw.
struct JoiningMerger: FileMerger {
    let seen = SeenPaths()

    func merge(path: RepoPath, base: [UInt8]?, ours: [UInt8]?, theirs: [UInt8]?, labels: MergeLabels) throws
        -> FileMergeOutcome
    {
        seen.add(path)
        return .merged((ours ?? []) + (theirs ?? []))
    }
}

final class SeenPaths: @unchecked Sendable {
    // Safety: `paths` is only touched under `lock`.
    private let lock = NSLock()
    private var paths: [RepoPath] = []
    func add(_ path: RepoPath) { lock.withLock { paths.append(path) } }
    var all: [RepoPath] { lock.withLock { paths } }
}

struct FailingMerger: FileMerger {
    func merge(path: RepoPath, base: [UInt8]?, ours: [UInt8]?, theirs: [UInt8]?, labels: MergeLabels) throws
        -> FileMergeOutcome
    {
        throw RepositoryError(.invalidArgument, "cannot merge '\(path)'")
    }
}

@Suite struct FileMergerTests {
    let labels = MergeLabels(ours: "HEAD", theirs: "feature", base: "abc")
    let merger = DefaultFileMerger()

    func path(_ text: String) throws -> RepoPath { try #require(RepoPath(text)) }

    @Test("text gets whole-file markers; a side without a final newline gets one")
    func markers() throws {
        let outcome = merger.merge(
            path: try path("a.txt"), base: Array("b\n".utf8), ours: Array("o".utf8), theirs: Array("t\n".utf8),
            labels: labels)
        #expect(
            outcome
                == .conflict(
                    worktree: Array("<<<<<<< HEAD\no\n=======\nt\n>>>>>>> feature\n".utf8), writeTheirs: false,
                    writeBase: false))
        let empty = merger.merge(
            path: try path("a.txt"), base: nil, ours: [], theirs: Array("t\n".utf8), labels: labels)
        #expect(
            empty
                == .conflict(
                    worktree: Array("<<<<<<< HEAD\n=======\nt\n>>>>>>> feature\n".utf8), writeTheirs: false,
                    writeBase: false))
    }

    @Test("tables and binaries keep ours and ask for .theirs and .base; identical sides merge")
    func tablesAndBinaries() throws {
        let ours = Array("id\n1\n".utf8)
        let theirs = Array("id\n2\n".utf8)
        for name in ["t.csv", "T.TSV"] {
            #expect(
                merger.merge(path: try path(name), base: [], ours: ours, theirs: theirs, labels: labels)
                    == .conflict(worktree: ours, writeTheirs: true, writeBase: true))
        }
        #expect(
            merger.merge(path: try path("t.csv"), base: nil, ours: ours, theirs: theirs, labels: labels)
                == .conflict(worktree: ours, writeTheirs: true, writeBase: false))
        let binary: [UInt8] = [1, 0, 2]
        #expect(
            merger.merge(path: try path("w.bin"), base: nil, ours: binary, theirs: theirs, labels: labels)
                == .conflict(worktree: binary, writeTheirs: true, writeBase: false))
        // A NUL past the first 8000 bytes does not make a file binary.
        #expect(!DefaultFileMerger.isBinary(Array(repeating: 65, count: 8000) + [0]))
        #expect(
            merger.merge(path: try path("t.csv"), base: nil, ours: ours, theirs: ours, labels: labels) == .merged(ours))
    }

    @Test("modify/delete leaves the surviving version, without helper files")
    func modifyDelete() throws {
        let kept = Array("kept\n".utf8)
        #expect(
            merger.merge(path: try path("a.txt"), base: [], ours: kept, theirs: nil, labels: labels)
                == .conflict(worktree: kept, writeTheirs: false, writeBase: false))
        #expect(
            merger.merge(path: try path("a.txt"), base: [], ours: nil, theirs: kept, labels: labels)
                == .conflict(worktree: kept, writeTheirs: false, writeBase: false))
    }

    @Test("a plugged-in merger settles both-changed files; one-sided changes never reach it")
    func pluggedIn() throws {
        let h = try ConflictHistory()
        let joining = JoiningMerger()
        let result = try h.repo.merge("feature", mergeOptions(merger: joining))
        #expect(result.outcome == .merged, "\(result.conflicts)")
        #expect(
            joining.seen.all.map(\.rawValue) == [
                "added.txt", "blob.bin", "both.txt", "drop.txt", "keep.txt", "table.csv",
            ])
        #expect(try h.repo.readText("both.txt") == "ours\ntheirs\n")
        #expect(try h.repo.readText("drop.txt") == "drop theirs\n")
        #expect(String(decoding: try h.repo.cat("HEAD", "table.csv"), as: UTF8.self) == "id,x\n1,2\nid,x\n1,3\n")
        #expect(try h.repo.statusSummary() == [])
        #expect(try h.repo.repository.fsck().isClean)
    }

    @Test("a merger that throws aborts the merge before anything is written")
    func failingMerger() throws {
        let h = try ConflictHistory()
        let before = try h.repo.snapshot()
        #expect(throws: RepositoryError.self) { try h.repo.merge("feature", mergeOptions(merger: FailingMerger())) }
        #expect(try h.repo.snapshot() == before)
        #expect(h.repo.mergeStateFiles.isEmpty)
        #expect(try h.repo.statusSummary() == [])
    }

    @Test("files over the size limit conflict as binaries without being read by the merger")
    func sizeLimit() throws {
        let h = try ConflictHistory()
        let joining = JoiningMerger()
        var options = mergeOptions(merger: joining)
        options.maxContentMergeSize = 5
        let result = try h.repo.merge("feature", options)
        let both = try #require(result.conflicts.first { $0.path.rawValue == "both.txt" })
        #expect(both.theirsFile?.rawValue == "both.txt.theirs" && both.baseFile?.rawValue == "both.txt.base")
        #expect(try h.repo.readText("both.txt") == "ours\n")
        #expect(!joining.seen.all.contains(try path("both.txt")))
    }

    @Test("merged contents get the id a worktree file with the same bytes gets")
    func manifestIDs() throws {
        var rng = SplitMix64(seed: 7)
        let repo = try TempRepository()
        let bytes = rng.bytes(300_000)
        try repo.write("big.bin", bytes)
        try repo.add()
        #expect(try repo.repository.readIndex()[try path("big.bin")]?.id == FileStorer.manifestID(of: bytes))
    }
}
