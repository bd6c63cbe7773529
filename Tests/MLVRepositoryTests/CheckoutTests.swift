import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct CheckoutTests {
    /// main has a.txt, b.txt, dir/c.txt; feature changes b.txt, deletes dir/c.txt, adds d.txt.
    static func twoBranches() throws -> (TempRepository, main: ObjectID, feature: ObjectID) {
        let repo = try TempRepository()
        let main = try repo.commitFiles(["a.txt": "a\n", "b.txt": "b\n", "dir/c.txt": "c\n"], message: "base")
        _ = try repo.repository.switchToNewBranch("feature", start: nil, options: checkoutOptions())
        try repo.write("b.txt", "b on feature\n")
        try repo.delete("dir")
        try repo.write("d.txt", "d\n")
        try repo.add()
        let feature = try repo.commit("feature").id
        return (repo, main, feature)
    }

    @Test("switching branches rewrites only the files that differ")
    func onlyChangedFiles() throws {
        let (repo, main, feature) = try Self.twoBranches()
        let untouched = try FileIdentity(repo.url("a.txt"))
        let result = try repo.repository.checkout("main", options: checkoutOptions())
        #expect(result.head == .branch(try #require(RefName.branch("main")), main))
        #expect(result.written == 2)  // b.txt and dir/c.txt
        #expect(result.removed == 1)  // d.txt
        #expect(try FileIdentity(repo.url("a.txt")) == untouched)
        #expect(try repo.readText("b.txt") == "b\n")
        #expect(try repo.readText("dir/c.txt") == "c\n")
        #expect(!repo.exists("d.txt"))
        #expect(try repo.statusSummary() == [])

        _ = try repo.repository.checkout("feature", options: checkoutOptions())
        #expect(try FileIdentity(repo.url("a.txt")) == untouched)
        #expect(!repo.exists("dir"))
        #expect(try repo.headID() == feature)
        let reflog = Reflog.read(repo.layout.log(for: .head))
        #expect(reflog.first?.message == "checkout: moving from main to feature")
    }

    @Test("a large file's shared chunks come from the old worktree file, only after their hash checks")
    func reusesWorktreeChunks() throws {
        let repo = try TempRepository()
        var generator = SplitMix64(seed: 31)
        let v1 = generator.bytes(6 * 1024 * 1024)
        var v2 = v1
        v2.replaceSubrange(3_000_000..<3_000_100, with: generator.bytes(100))
        v2 += generator.bytes(70_000)
        try repo.write("data.bin", v1)
        try repo.add()
        let first = try repo.commit("v1").id
        try repo.write("data.bin", v2)
        try repo.add()
        _ = try repo.commit("v2")

        _ = try repo.repository.checkout(first.description, options: checkoutOptions())
        #expect(try repo.read("data.bin") == v1)
        _ = try repo.repository.checkout("main", options: checkoutOptions())
        #expect(try repo.read("data.bin") == v2)
        #expect(try repo.statusSummary() == [])

        // Damage the worktree copy behind the index's back (same size): a forced checkout must
        // not copy the damaged chunk, and the shared chunks still come out right.
        var damaged = v2
        damaged[100] ^= 0xFF
        damaged[5_000_000] ^= 0xFF
        try repo.write("data.bin", damaged)
        _ = try repo.repository.checkout(first.description, options: checkoutOptions(force: true))
        #expect(try repo.read("data.bin") == v1)
        let temp = try FileManager.default.contentsOfDirectory(atPath: repo.layout.tmp.path)
        #expect(temp.isEmpty)
    }

    @Test("checking out a commit id detaches HEAD; committing there moves HEAD only")
    func detached() throws {
        let (repo, main, feature) = try Self.twoBranches()
        let result = try repo.repository.checkout(main.description, options: checkoutOptions())
        #expect(result.head == .detached(main))
        try repo.write("e.txt", "e")
        try repo.add()
        let commit = try repo.commit("detached work")
        #expect(commit.branch == nil)
        #expect(try repo.repository.head() == .detached(commit.id))
        #expect(try repo.repository.resolveCommit("feature") == feature)
    }

    @Test("refuses to overwrite local modifications and names the file; force discards them")
    func wouldOverwrite() throws {
        let (repo, _, _) = try Self.twoBranches()
        try repo.write("b.txt", "local edit\n")
        let error = expectRepositoryError(.wouldOverwrite) {
            _ = try repo.repository.checkout("main", options: checkoutOptions())
        }
        #expect(error?.message.contains("b.txt") == true)
        #expect(try repo.readText("b.txt") == "local edit\n")
        #expect(try repo.repository.head().commitID == (try repo.repository.resolveCommit("feature")))

        _ = try repo.repository.checkout("main", options: checkoutOptions(force: true))
        #expect(try repo.readText("b.txt") == "b\n")
        #expect(try repo.statusSummary() == [])
    }

    @Test("refuses to overwrite a staged change and an untracked file in the way")
    func stagedAndUntracked() throws {
        let (repo, _, _) = try Self.twoBranches()
        try repo.write("b.txt", "staged edit\n")
        try repo.add("b.txt")
        expectRepositoryError(.wouldOverwrite) { _ = try repo.repository.checkout("main", options: checkoutOptions()) }
        _ = try repo.repository.checkout("feature", options: checkoutOptions(force: true))
        _ = try repo.repository.checkout("main", options: checkoutOptions())
        try repo.write("d.txt", "untracked, in the way\n")
        let error = expectRepositoryError(.wouldOverwrite) {
            _ = try repo.repository.checkout("feature", options: checkoutOptions())
        }
        #expect(error?.message.contains("d.txt") == true)
    }

    @Test("keeps a local change to a file the switch does not touch")
    func carriesUnrelatedChanges() throws {
        let (repo, _, _) = try Self.twoBranches()
        try repo.write("a.txt", "local\n")
        _ = try repo.repository.checkout("main", options: checkoutOptions())
        #expect(try repo.readText("a.txt") == "local\n")
        #expect(try repo.statusSummary() == ["unstaged modified a.txt"])
    }

    @Test("switch -c creates a branch at HEAD or at a start point, and refuses an existing name")
    func switchCreate() throws {
        let (repo, main, feature) = try Self.twoBranches()
        let result = try repo.repository.switchToNewBranch("from-main", start: "main", options: checkoutOptions())
        #expect(result.head == .branch(try #require(RefName.branch("from-main")), main))
        #expect(try repo.readText("b.txt") == "b\n")
        expectRepositoryError(.refConflict) {
            _ = try repo.repository.switchToNewBranch("feature", start: nil, options: checkoutOptions())
        }
        expectRepositoryError(.invalidRefName) {
            _ = try repo.repository.switchToNewBranch("bad..name", start: nil, options: checkoutOptions())
        }
        expectRepositoryError(.unknownRevision) {
            _ = try repo.repository.checkout("no-such-branch", options: checkoutOptions())
        }
        #expect(try repo.repository.resolveCommit("feature") == feature)
    }

    @Test("checkoutPaths restores files from the index or a revision")
    func checkoutPaths() throws {
        let (repo, _, _) = try Self.twoBranches()
        try repo.write("b.txt", "scribble")
        #expect(try repo.repository.checkoutPaths([try repoPath("b.txt")], from: nil) == 1)
        #expect(try repo.readText("b.txt") == "b on feature\n")
        #expect(try repo.repository.checkoutPaths([try repoPath("dir")], from: "main") == 1)
        #expect(try repo.readText("dir/c.txt") == "c\n")
        #expect(try repo.statusSummary() == ["staged added dir/c.txt"])
        expectRepositoryError(.pathNotFound) { _ = try repo.repository.checkoutPaths([try repoPath("zzz")], from: nil) }
    }
}
