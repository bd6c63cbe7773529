import Foundation
import MLVObjects
import MLVStorage
import MLVTestSupport
import Testing

@testable import MLVRepository

@Suite struct MergeTests {
    /// main: A; feature: A ← F1 ← F2 (changes a.txt, adds b.txt, deletes c.txt).
    static func ahead() throws -> (TempRepository, a: ObjectID, f2: ObjectID) {
        let repo = try TempRepository()
        let a = try repo.change(["a.txt": "a\n", "c.txt": "c\n", "z.txt": "z\n"], message: "A")
        try repo.branch("feature")
        try repo.change(["a.txt": "a2\n"], message: "F1")
        let f2 = try repo.change(["b.txt": "b\n", "c.txt": nil], message: "F2")
        try repo.switchTo("main")
        return (repo, a, f2)
    }

    @Test("merging an ancestor, or HEAD itself, is already up to date and changes nothing")
    func upToDate() throws {
        let (repo, a, f2) = try Self.ahead()
        try repo.switchTo("feature")
        for revision in ["main", "feature", a.description] {
            let result = try repo.merge(revision, mergeOptions(.never))
            #expect(result.outcome == .upToDate)
            #expect(result.commit == f2)
        }
        #expect(try repo.headID() == f2)
        #expect(repo.mergeStateFiles.isEmpty)
    }

    @Test("fast-forward moves the branch, writes only changed files, and records ORIG_HEAD")
    func fastForward() throws {
        let (repo, a, f2) = try Self.ahead()
        let untouched = try FileIdentity(repo.url("z.txt"))
        let result = try repo.merge("feature")
        #expect(result.outcome == .fastForward)
        #expect(result.previous == a && result.commit == f2)
        #expect(result.changes.map { "\($0.kind.rawValue) \($0.path)" } == ["M a.txt", "A b.txt", "D c.txt"])
        #expect(try repo.repository.head() == .branch(try #require(RefName.branch("main")), f2))
        #expect(try repo.readText("a.txt") == "a2\n")
        #expect(try repo.readText("b.txt") == "b\n")
        #expect(!repo.exists("c.txt"))
        #expect(try FileIdentity(repo.url("z.txt")) == untouched)
        #expect(try repo.statusSummary() == [])
        #expect(try String(contentsOf: repo.layout.origHead, encoding: .utf8) == "\(a)\n")
        #expect(
            Reflog.read(repo.layout.log(for: try #require(RefName.branch("main")))).first?.message
                == "merge feature: Fast-forward")
        #expect(repo.mergeStateFiles.isEmpty)
    }

    @Test("fast-forward refuses to overwrite local changes, like checkout, and changes nothing")
    func fastForwardRefuses() throws {
        let (repo, a, _) = try Self.ahead()
        try repo.write("a.txt", "local edit\n")
        let error = expectRepositoryError(.wouldOverwrite) { try repo.merge("feature") }
        #expect(error?.message.contains("overwritten by merge: a.txt") == true)
        #expect(try repo.readText("a.txt") == "local edit\n")
        #expect(try repo.headID() == a)
        // Local changes elsewhere are carried along.
        try repo.write("a.txt", "a\n")
        try repo.write("z.txt", "local z\n")
        #expect(try repo.merge("feature").outcome == .fastForward)
        #expect(try repo.readText("z.txt") == "local z\n")
    }

    @Test("--ff-only fails when the histories diverged, naming the revision; --no-ff always merges")
    func fastForwardModes() throws {
        let (repo, a, f2) = try Self.ahead()
        let noFF = try repo.merge("feature", mergeOptions(.never))
        #expect(noFF.outcome == .merged)
        let merge = try #require(noFF.commit)
        #expect(try repo.repository.commit(merge).parents == [a, f2])
        #expect(try repo.repository.commit(merge).message == "Merge branch 'feature'\n")
        #expect(try repo.readText("a.txt") == "a2\n")
        #expect(try repo.statusSummary() == [])

        try repo.switchTo("feature")
        try repo.change(["d.txt": "d\n"], message: "F3")
        try repo.switchTo("main")
        try repo.change(["e.txt": "e\n"], message: "M2")
        let before = try repo.headID()
        let error = expectRepositoryError(.notFastForward) { try repo.merge("feature", mergeOptions(.only)) }
        #expect(error?.message.contains("'feature'") == true)
        #expect(try repo.headID() == before)
        #expect(!repo.exists("d.txt"))
    }

    @Test("a clean three-way merge takes one-sided changes, adds and removes, and commits two parents")
    func cleanThreeWay() throws {
        let h = try ConflictHistory(conflicts: false)
        let repo = h.repo
        let result = try repo.merge("feature")
        #expect(result.outcome == .merged)
        #expect(result.bases == [h.base])
        #expect(result.conflicts.isEmpty)
        let merge = try #require(result.commit)
        #expect(try repo.repository.commit(merge).parents == [h.ours, h.theirs])
        let expected: [String: String] = [
            "both.txt": "base\n", "table.csv": "id,x\n1,1\n", "blob.bin": ConflictHistory.binaryBase,
            "keep.txt": "keep\n",
            "drop.txt": "drop\n", "same.txt": "same changed\n", "ours-only.txt": "o changed\n",
            "theirs-only.txt": "t changed\n", "new-ours.txt": "new from main\n", "new-theirs.txt": "new from feature\n",
            "dir/untouched.txt": "u\n",
        ]
        let files = try repo.repository.files(ofTree: repo.repository.commit(merge).tree)
        #expect(files.map(\.path.rawValue).sorted() == expected.keys.sorted())
        for (path, text) in expected {
            #expect(try repo.readText(path) == text, "\(path)")
            #expect(String(decoding: try repo.cat("HEAD", path), as: UTF8.self) == text, "\(path)")
        }
        #expect(!repo.exists("gone-ours.txt") && !repo.exists("gone-theirs.txt"))
        #expect(try repo.statusSummary() == [])
        #expect(repo.mergeStateFiles.isEmpty)
        #expect(try repo.repository.fsck().isClean)
    }

    @Test("merge messages name a branch, a tag, a commit, and the branch merged into")
    func messages() throws {
        let h = try ConflictHistory(conflicts: false)
        let r = h.repo.repository
        let main = HeadState.branch(try #require(RefName.branch("main")), h.ours)
        _ = try r.createTag("v1", target: "feature", message: nil, force: false, identity: TestIdentity.identity)
        #expect(r.defaultMergeMessage("feature", head: main) == "Merge branch 'feature'\n")
        #expect(r.defaultMergeMessage("v1", head: main) == "Merge tag 'v1'\n")
        #expect(r.defaultMergeMessage("HEAD~1", head: main) == "Merge commit 'HEAD~1'\n")
        let dev = HeadState.branch(try #require(RefName.branch("dev")), h.ours)
        #expect(r.defaultMergeMessage("feature", head: dev) == "Merge branch 'feature' into dev\n")
        #expect(r.defaultMergeMessage("feature", head: .detached(h.ours)) == "Merge branch 'feature'\n")
        let custom = try h.repo.merge("feature", mergeOptions(message: "Bring in the feature"))
        #expect(try r.commit(try #require(custom.commit)).message == "Bring in the feature\n")
    }

    @Test("an unborn branch fast-forwards; unrelated histories are refused unless allowed")
    func unbornAndUnrelated() throws {
        let repo = try TempRepository()
        let a = try repo.change(["a.txt": "a\n"], message: "A")
        let other = try otherRoot(repo, tree: try repo.repository.commit(a).tree)
        expectRepositoryError(.unrelatedHistories) { try repo.merge("other") }
        var options = mergeOptions()
        options.allowUnrelatedHistories = true
        let result = try repo.merge("other", options)
        #expect(result.outcome == .merged)
        #expect(try repo.repository.commit(try #require(result.commit)).parents == [a, other])

        let fresh = try TempRepository()
        let first = try fresh.change(["x.txt": "x\n"], message: "X")
        try fresh.repository.refs.setHead(
            .symbolic(try #require(RefName.branch("unborn"))),
            log: ReflogEntryContext(who: try TestIdentity.identity.signature(for: fresh.repository), message: "test"))
        #expect(try fresh.merge("main").outcome == .fastForward)
        #expect(try fresh.headID() == first)
    }
}
