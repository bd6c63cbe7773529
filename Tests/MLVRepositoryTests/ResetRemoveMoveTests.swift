import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct ResetTests {
    static func twoCommits() throws -> (TempRepository, ObjectID, ObjectID) {
        let repo = try TempRepository()
        let first = try repo.commitFiles(["a.txt": "v1\n", "keep.txt": "k\n"], message: "one")
        let second = try repo.commitFiles(["a.txt": "v2\n", "new.txt": "n\n"], message: "two")
        return (repo, first, second)
    }

    @Test("soft moves the branch only; the index keeps the second commit's content")
    func soft() throws {
        let (repo, first, second) = try Self.twoCommits()
        #expect(try repo.repository.reset(to: "HEAD~1", mode: .soft, identity: repo.identity) == first)
        #expect(try repo.headID() == first)
        #expect(try repo.statusSummary() == ["staged modified a.txt", "staged added new.txt"])
        #expect(try repo.readText("a.txt") == "v2\n")
        let orig = try String(contentsOf: repo.layout.origHead, encoding: .utf8)
        #expect(orig == "\(second)\n")
    }

    @Test("mixed resets the index but keeps the worktree")
    func mixed() throws {
        let (repo, first, _) = try Self.twoCommits()
        _ = try repo.repository.reset(to: first.description, mode: .mixed, identity: repo.identity)
        #expect(try repo.headID() == first)
        #expect(try repo.statusSummary() == ["unstaged modified a.txt", "untracked new.txt"])
        #expect(try repo.readText("a.txt") == "v2\n")
    }

    @Test("hard resets index and worktree, and can move forward again by id")
    func hard() throws {
        let (repo, first, second) = try Self.twoCommits()
        try repo.write("a.txt", "local junk\n")
        _ = try repo.repository.reset(to: "HEAD^", mode: .hard, identity: repo.identity)
        #expect(try repo.headID() == first)
        #expect(try repo.readText("a.txt") == "v1\n")
        #expect(!repo.exists("new.txt"))
        #expect(try repo.statusSummary() == [])
        _ = try repo.repository.reset(to: second.description, mode: .hard, identity: repo.identity)
        #expect(try repo.readText("a.txt") == "v2\n")
        #expect(try repo.readText("new.txt") == "n\n")
        let reflog = Reflog.read(repo.layout.log(for: try #require(RefName.branch("main"))))
        #expect(reflog.first?.message == "reset: moving to \(second)")
    }

    @Test("resetPaths unstages without touching the worktree")
    func resetPaths() throws {
        let (repo, _, _) = try Self.twoCommits()
        try repo.write("a.txt", "v3\n")
        try repo.write("brand-new", "x")
        try repo.add()
        try repo.repository.resetPaths([try repoPath("a.txt"), try repoPath("brand-new")])
        #expect(try repo.statusSummary() == ["unstaged modified a.txt", "untracked brand-new"])
    }
}

@Suite struct RemoveMoveTests {
    @Test("rm deletes the file and stages the deletion; --cached keeps the file")
    func remove() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["a": "a", "b": "b", "dir/c": "c", "dir/d": "d"], message: "one")
        #expect(
            try repo.repository.remove([try repoPath("a")], cached: false, force: false, recursive: false) == [
                try repoPath("a")
            ])
        #expect(!repo.exists("a"))
        _ = try repo.repository.remove([try repoPath("b")], cached: true, force: false, recursive: false)
        #expect(repo.exists("b"))
        expectRepositoryError(.invalidArgument) {
            _ = try repo.repository.remove([try repoPath("dir")], cached: false, force: false, recursive: false)
        }
        _ = try repo.repository.remove([try repoPath("dir")], cached: false, force: false, recursive: true)
        #expect(!repo.exists("dir"))
        #expect(
            try repo.statusSummary() == [
                "staged deleted a", "staged deleted b", "staged deleted dir/c", "staged deleted dir/d", "untracked b",
            ])
        expectRepositoryError(.pathNotFound) {
            _ = try repo.repository.remove([try repoPath("nope")], cached: false, force: false, recursive: false)
        }
    }

    @Test("rm refuses a file with local or staged changes unless forced")
    func removeModified() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["a": "a"], message: "one")
        try repo.write("a", "changed")
        expectRepositoryError(.wouldOverwrite) {
            _ = try repo.repository.remove([try repoPath("a")], cached: false, force: false, recursive: false)
        }
        try repo.add("a")
        expectRepositoryError(.wouldOverwrite) {
            _ = try repo.repository.remove([try repoPath("a")], cached: false, force: false, recursive: false)
        }
        _ = try repo.repository.remove([try repoPath("a")], cached: false, force: true, recursive: false)
        #expect(!repo.exists("a"))
    }

    @Test("mv renames in the worktree and the index, into folders too")
    func move() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["a.txt": "a", "dir/b.txt": "b"], message: "one")
        try repo.repository.move(try repoPath("a.txt"), to: try repoPath("renamed.txt"))
        #expect(!repo.exists("a.txt"))
        #expect(try repo.readText("renamed.txt") == "a")
        try repo.repository.move(try repoPath("renamed.txt"), to: try repoPath("dir"))
        #expect(try repo.readText("dir/renamed.txt") == "a")
        #expect(try repo.statusSummary() == ["staged deleted a.txt", "staged added dir/renamed.txt"])
        expectRepositoryError(.wouldOverwrite) {
            try repo.repository.move(try repoPath("dir/renamed.txt"), to: try repoPath("dir/b.txt"))
        }
        expectRepositoryError(.pathNotFound) { try repo.repository.move(try repoPath("ghost"), to: try repoPath("x")) }
        expectRepositoryError(.invalidArgument) {
            try repo.repository.move(try repoPath("dir"), to: try repoPath("dir/sub"))
        }
        try repo.commit("moved")
        #expect(
            try repo.repository.listTree("HEAD", path: .root, recursive: true).map(\.path.rawValue) == [
                "dir/b.txt", "dir/renamed.txt",
            ])
    }
}
