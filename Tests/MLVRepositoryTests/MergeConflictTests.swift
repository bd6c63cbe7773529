import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct MergeConflictTests {
    @Test("every kind of conflict: markers, helper files, surviving versions, index stages, merge state")
    func kinds() throws {
        let h = try ConflictHistory()
        let repo = h.repo
        let result = try repo.merge("feature")
        #expect(result.outcome == .conflicted && result.commit == nil)
        #expect(
            result.conflicts.map { "\($0.kind.rawValue) \($0.reason.rawValue) \($0.path)" } == [
                "AA add/add added.txt", "UU content blob.bin", "UU content both.txt", "DU modify/delete drop.txt",
                "UD modify/delete keep.txt", "UU content table.csv",
            ])
        #expect(result.contentMerged.map(\.rawValue) == ["added.txt", "blob.bin", "both.txt", "table.csv"])
        #expect(try repo.readText("both.txt") == "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> feature\n")
        #expect(
            try repo.readText("added.txt")
                == "<<<<<<< HEAD\nadded by ours\n=======\nadded by theirs\n>>>>>>> feature\n")
        #expect(try repo.readText("table.csv") == "id,x\n1,2\n")
        #expect(try repo.readText("table.csv.theirs") == "id,x\n1,3\n")
        #expect(try repo.readText("table.csv.base") == "id,x\n1,1\n")
        #expect(try repo.readText("blob.bin") == "bin\u{0}ours\n")
        #expect(try repo.readText("blob.bin.theirs") == "bin\u{0}theirs\n")
        #expect(try repo.readText("blob.bin.base") == ConflictHistory.binaryBase)
        #expect(try repo.readText("drop.txt") == "drop theirs\n")
        #expect(try repo.readText("keep.txt") == "keep ours\n")
        #expect(result.conflicts.first { $0.path.rawValue == "table.csv" }?.theirsFile?.rawValue == "table.csv.theirs")
        // Clean results are applied and staged.
        #expect(try repo.readText("theirs-only.txt") == "t changed\n")
        #expect(try repo.readText("new-theirs.txt") == "new from feature\n")
        #expect(!repo.exists("gone-theirs.txt"))
        let stages = try repo.indexStages()
        for expected in [
            "added.txt:2", "added.txt:3", "both.txt:1", "both.txt:2", "both.txt:3", "drop.txt:1", "drop.txt:3",
            "keep.txt:1", "keep.txt:2", "new-theirs.txt:0", "theirs-only.txt:0",
        ] {
            #expect(stages.contains(expected), "\(expected) in \(stages)")
        }
        #expect(!stages.contains("both.txt:0") && !stages.contains("gone-theirs.txt:0"))
        let index = try repo.repository.readIndex()
        #expect(
            index.stages(of: try repo.path("both.txt")).map(\.id) == [
                try repo.fileID("\(h.base)", "both.txt"), try repo.fileID("main", "both.txt"),
                try repo.fileID("feature", "both.txt"),
            ])
        // HEAD stays; the merge state names the merge.
        #expect(try repo.headID() == h.ours)
        #expect(repo.mergeStateFiles == ["MERGE_HEAD", "MERGE_MSG", "MERGE_STATE"])
        let pending = try #require(try repo.repository.pendingMerge())
        #expect(pending.theirs == h.theirs)
        #expect(pending.message == "Merge branch 'feature'\n")
        #expect(try String(contentsOf: repo.layout.origHead, encoding: .utf8) == "\(h.ours)\n")
        let records = try #require(pending.state?.records)
        #expect(records.filter { $0.conflict != nil }.map(\.path) == result.conflicts.map(\.path))
        #expect(records.contains { $0.path.rawValue == "new-theirs.txt" && $0.conflict == nil })
        #expect(
            records.first { $0.path.rawValue == "table.csv" }?.theirsHelper == (try repo.fileID("feature", "table.csv"))
        )
        // A merge interrupted after MERGE_HEAD is a consistent repository.
        #expect(try repo.repository.fsck().isClean)
    }

    @Test("status lists unmerged paths with git's codes and hides the helper files")
    func status() throws {
        let h = try ConflictHistory()
        try h.repo.merge("feature")
        let report = try h.repo.repository.status()
        #expect(report.merging)
        #expect(
            report.unmerged.map { "\($0.kind.rawValue) \($0.path)" } == [
                "AA added.txt", "UU blob.bin", "UU both.txt", "DU drop.txt", "UD keep.txt", "UU table.csv",
            ])
        #expect(report.untracked.isEmpty)
        #expect(
            report.mergeHelpers.map(\.rawValue) == [
                "blob.bin.base", "blob.bin.theirs", "table.csv.base", "table.csv.theirs",
            ])
        #expect(
            report.staged.map { "\($0.kind.rawValue) \($0.path)" } == [
                "D gone-theirs.txt", "A new-theirs.txt", "M theirs-only.txt",
            ])
        #expect(report.unstaged.isEmpty)
    }

    @Test("add resolves a path and removes its unchanged helper files; a changed helper stays")
    func resolveWithAdd() throws {
        let h = try ConflictHistory()
        let repo = h.repo
        try repo.merge("feature")
        try repo.write("blob.bin.theirs", "edited by the user\n")
        try repo.write("both.txt", "resolved\n")
        try repo.add()
        #expect(!repo.exists("table.csv.theirs") && !repo.exists("table.csv.base") && !repo.exists("blob.bin.base"))
        #expect(try repo.readText("blob.bin.theirs") == "edited by the user\n")
        // `add .` neither staged the helper files nor left the resolved paths conflicted.
        let stages = try repo.indexStages()
        #expect(stages.allSatisfy { $0.hasSuffix(":0") }, "\(stages)")
        #expect(!stages.contains { $0.hasPrefix("blob.bin.") })
        #expect(try repo.repository.status().untracked.map(\.rawValue) == ["blob.bin.theirs"])
        #expect(try repo.repository.pendingMerge()?.state?.helperPaths.isEmpty == true)
    }

    @Test("--continue refuses while conflicts remain, then commits two parents with MERGE_MSG")
    func continueMerge() throws {
        let h = try ConflictHistory()
        let repo = h.repo
        try repo.merge("feature")
        let refused = expectRepositoryError(.unmergedPaths) {
            _ = try repo.repository.continueMerge(message: nil, identity: TestIdentity.identity)
        }
        #expect(refused?.message.contains("added.txt, blob.bin, both.txt, drop.txt, keep.txt, table.csv") == true)
        expectRepositoryError(.invalidArgument) { try repo.commit("too early") }
        try repo.write("both.txt", "resolved\n")
        try repo.delete("keep.txt")
        try repo.add()
        let result = try repo.repository.continueMerge(message: nil, identity: TestIdentity.identity)
        #expect(result.commit.parents == [h.ours, h.theirs])
        #expect(result.commit.message == "Merge branch 'feature'\n")
        #expect(try repo.readText("both.txt") == "resolved\n")
        #expect(try repo.fileID("HEAD", "keep.txt") == nil)
        #expect(repo.mergeStateFiles.isEmpty)
        #expect(try repo.statusSummary() == [])
        expectRepositoryError(.noMergeInProgress) {
            _ = try repo.repository.continueMerge(message: nil, identity: TestIdentity.identity)
        }
    }

    @Test("commit during a resolved merge makes the merge commit, even with HEAD's tree")
    func commitConcludesMerge() throws {
        let h = try ConflictHistory()
        let repo = h.repo
        try repo.merge("feature")
        // Resolve everything to our side: the tree may then equal a parent's; it is still a merge.
        _ = try repo.repository.reset(to: "HEAD", mode: .hard, identity: TestIdentity.identity)
        #expect(repo.mergeStateFiles.isEmpty)
        try repo.merge("feature")
        for path in ["added.txt", "both.txt", "blob.bin", "table.csv", "keep.txt"] {
            try repo.write(path, String(decoding: try repo.cat("HEAD", path), as: UTF8.self))
        }
        try repo.delete("drop.txt")
        try repo.add()
        let result = try repo.commit("Merge feature, keeping ours")
        #expect(result.commit.parents == [h.ours, h.theirs])
        #expect(repo.mergeStateFiles.isEmpty)
    }

    @Test("a merge in progress blocks another merge and a checkout")
    func mergeInProgressBlocks() throws {
        let h = try ConflictHistory()
        try h.repo.merge("feature")
        expectRepositoryError(.mergeInProgress) { try h.repo.merge("feature") }
        expectRepositoryError(.unmergedPaths) {
            _ = try h.repo.repository.checkout("feature", options: checkoutOptions())
        }
    }
}
