import Foundation
import MLVObjects
import MLVStorage
import MLVTestSupport
import Testing

@testable import MLVRepository

@Suite struct MergeAbortTests {
    /// A conflicted history with local work the merge must not touch: an unstaged edit of a
    /// file the merge leaves alone, and an untracked file.
    static func withLocalWork() throws -> ConflictHistory {
        let h = try ConflictHistory()
        try h.repo.write("dir/untouched.txt", "local edit\n")
        try h.repo.write("notes.txt", "my notes\n")
        return h
    }

    @Test("--abort restores every file byte for byte, the index and HEAD, and clears the state")
    func abortRestores() throws {
        let h = try Self.withLocalWork()
        let repo = h.repo
        let before = try repo.snapshot()
        let statusBefore = try repo.statusSummary()
        try repo.merge("feature")
        #expect(try repo.snapshot() != before)
        // Some resolution work, then the user gives up.
        try repo.write("both.txt", "half resolved\n")
        try repo.add("both.txt")
        try repo.write("new-theirs.txt", "edited\n")
        let result = try repo.repository.abortMerge()
        #expect(try repo.snapshot() == before)
        #expect(try repo.statusSummary() == statusBefore)
        #expect(try repo.repository.readIndex().conflictedPaths.isEmpty)
        #expect(try repo.headID() == h.ours)
        #expect(repo.mergeStateFiles.isEmpty)
        #expect(
            result.removedHelpers.map(\.rawValue) == [
                "blob.bin.theirs", "blob.bin.base", "table.csv.theirs", "table.csv.base",
            ])
        #expect(result.restored.contains(try repo.path("new-theirs.txt")))
        #expect(!result.restored.contains(try repo.path("dir/untouched.txt")))
        #expect(try repo.repository.fsck().isClean)
        expectRepositoryError(.noMergeInProgress) { _ = try repo.repository.abortMerge() }
        // The same merge can be made again.
        #expect(try repo.merge("feature").outcome == .conflicted)
    }

    @Test("--abort keeps a helper file the user changed")
    func abortKeepsChangedHelper() throws {
        let h = try ConflictHistory()
        try h.repo.merge("feature")
        try h.repo.write("table.csv.theirs", "my own table\n")
        let result = try h.repo.repository.abortMerge()
        #expect(result.keptHelpers.map(\.rawValue) == ["table.csv.theirs"])
        #expect(try h.repo.readText("table.csv.theirs") == "my own table\n")
        #expect(!h.repo.exists("table.csv.base"))
    }

    @Test("refuses, changing nothing, with local edits, staged changes or untracked files in the way")
    func refusesLocalChanges() throws {
        let cases: [(String, (TempRepository) throws -> Void)] = [
            ("both.txt", { try $0.write("both.txt", "local\n") }),
            (
                "dir/untouched.txt",
                {
                    try $0.write("dir/untouched.txt", "staged\n")
                    try $0.add("dir/untouched.txt")
                }
            ),
            ("new-theirs.txt", { try $0.write("new-theirs.txt", "untracked in the way\n") }),
            ("table.csv", { try $0.write("table.csv", "id,x\n9,9\n") }),
        ]
        for (path, prepare) in cases {
            let h = try ConflictHistory()
            try prepare(h.repo)
            let before = try h.repo.snapshot()
            let index = try h.repo.repository.readIndex()
            let error = expectRepositoryError(.wouldOverwrite) { try h.repo.merge("feature") }
            #expect(error?.message.contains(path) == true, "\(error?.message ?? "")")
            #expect(try h.repo.snapshot() == before, "\(path)")
            #expect(try h.repo.repository.readIndex().entries == index.entries)
            #expect(h.repo.mergeStateFiles.isEmpty)
            #expect(try h.repo.headID() == h.ours)
        }
    }

    @Test("a merge interrupted before MERGE_HEAD (state written, worktree half done) is clean and can be aborted")
    func interruptedBeforeMergeHead() throws {
        // The bytes a real merge writes, from an identical repository.
        let model = try ConflictHistory()
        try model.repo.merge("feature")
        let state = try model.repo.read(".mlv/MERGE_STATE")
        let bothMarkers = try model.repo.read("both.txt")
        let helper = try model.repo.read("table.csv.theirs")

        let h = try Self.withLocalWork()
        #expect(h.ours == model.ours)
        let before = try h.repo.snapshot()
        for (name, bytes) in [("ORIG_HEAD", Array("\(h.ours)\n".utf8)), ("MERGE_STATE", state)] {
            try Data(bytes).write(to: h.repo.layout.mlv.appendingPathComponent(name))
        }
        // Crash in the middle of step 3: some files written, the index not yet.
        try h.repo.write("both.txt", bothMarkers)
        try h.repo.write("new-theirs.txt", "new from feature\n")
        try h.repo.write("table.csv.theirs", helper)
        try h.repo.delete("gone-theirs.txt")
        #expect(try h.repo.repository.fsck().isClean)
        let report = try h.repo.repository.status()
        #expect(report.mergeInterrupted && !report.merging)
        expectRepositoryError(.mergeInProgress) { try h.repo.merge("feature") }
        _ = try h.repo.repository.abortMerge()
        #expect(try h.repo.snapshot() == before)
        #expect(h.repo.mergeStateFiles.isEmpty)
        #expect(try h.repo.repository.fsck().isClean)
        #expect(try h.repo.merge("feature").outcome == .conflicted)
    }

    @Test("with MERGE_HEAD but no MERGE_STATE, --abort restores every path the index changed")
    func abortWithoutState() throws {
        let h = try Self.withLocalWork()
        let before = try h.repo.snapshot()
        try h.repo.merge("feature")
        try FileManager.default.removeItem(at: h.repo.layout.mergeState)
        _ = try h.repo.repository.abortMerge()
        var expected = before
        // Without the record, the helper files are the user's to remove.
        for helper in ["blob.bin.theirs", "blob.bin.base", "table.csv.theirs", "table.csv.base"] {
            expected[helper] = try h.repo.read(helper)
        }
        #expect(try h.repo.snapshot() == expected)
        #expect(h.repo.mergeStateFiles.isEmpty)
    }

    @Test("criss-cross: the recursive base merges cleanly where either single base would conflict")
    func crissCrossClean() throws {
        let h = try CrissCross()
        let result = try h.repo.merge("side")
        #expect(Set(result.bases) == [h.c, h.d])
        #expect(result.outcome == .merged, "\(result.conflicts)")
        #expect(try h.repo.readText("f.txt") == "main\n")
        #expect(try h.repo.readText("g.txt") == "side\n")
        // Against C alone, g.txt conflicts; against D alone, f.txt does.
        for single in [h.c, h.d] {
            var tree = TreeMergeProbe(h.repo.repository)
            #expect(try tree.conflicts(base: single, ours: h.mainTip, theirs: h.sideTip).count == 1)
        }
    }

    @Test("criss-cross with conflicting bases: the virtual base holds their markers, the same on every run")
    func crissCrossVirtualConflict() throws {
        var baseIDs: [ObjectID?] = []
        for _ in 0..<2 {
            let repo = try TempRepository()
            try repo.change(["h.txt": "b\n"], message: "B")
            try repo.branch("side")
            try repo.change(["h.txt": "d\n"], message: "D")
            try repo.switchTo("main")
            let c = try repo.change(["h.txt": "c\n"], message: "C")
            #expect(try repo.merge("side").outcome == .conflicted)
            _ = try repo.change(["h.txt": "m1\n"], message: "M1")
            try repo.switchTo("side")
            #expect(try repo.merge(c.description).outcome == .conflicted)
            _ = try repo.change(["h.txt": "m2\n"], message: "M2")
            try repo.switchTo("main")
            let result = try repo.merge("side")
            #expect(result.bases.count == 2)
            #expect(result.conflicts.map(\.path.rawValue) == ["h.txt"])
            let base = try repo.repository.readIndex().stages(of: try repo.path("h.txt")).first { $0.stage == 1 }
            let bytes = try repo.repository.manifest(try #require(base?.id)).chunks.flatMap {
                try repo.repository.objects.read($0.id, kind: .chunk)
            }
            #expect(
                String(decoding: bytes, as: UTF8.self)
                    == "<<<<<<< Temporary merge branch 1\nc\n=======\nd\n>>>>>>> Temporary merge branch 2\n"
                    || String(decoding: bytes, as: UTF8.self)
                        == "<<<<<<< Temporary merge branch 1\nd\n=======\nc\n>>>>>>> Temporary merge branch 2\n"
            )
            #expect(try repo.repository.fsck().isClean)
            baseIDs.append(base?.id)
        }
        #expect(baseIDs[0] == baseIDs[1])
    }
}

/// The tree merge alone, against one chosen base.
struct TreeMergeProbe {
    let repository: Repository
    var merge: TreeMerge

    init(_ repository: Repository) {
        self.repository = repository
        merge = TreeMerge(repository: repository, options: mergeOptions())
    }

    mutating func conflicts(base: ObjectID, ours: ObjectID, theirs: ObjectID) throws -> [PlannedConflict] {
        try merge.merge(
            base: repository.fileMap(ofCommit: base), ours: repository.fileMap(ofCommit: ours),
            theirs: repository.fileMap(ofCommit: theirs),
            labels: MergeLabels(ours: "HEAD", theirs: "side", base: "base")
        ).conflicts
    }
}
