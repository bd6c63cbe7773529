import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct RevisionParserTests {
    /// main: c1 ← c2 ← merge(c2, s1); side: c1 ← s1. Returns the ids.
    struct History {
        var repo: TempRepository
        var c1: ObjectID
        var c2: ObjectID
        var s1: ObjectID
        var merge: ObjectID
    }

    static func makeHistory() throws -> History {
        let repo = try TempRepository()
        let c1 = try repo.commitFiles(["a.txt": "one\n"], message: "c1")
        let c2 = try repo.commitFiles(["a.txt": "two\n"], message: "c2")
        _ = try repo.repository.switchToNewBranch("side", start: c1.description, options: checkoutOptions())
        let s1 = try repo.commitFiles(["b.txt": "side\n"], message: "s1")
        _ = try repo.repository.checkout("main", options: checkoutOptions())
        // A merge as `mlv merge` would leave it: MERGE_HEAD names the other parent.
        try Data("\(s1)\n".utf8).write(to: repo.layout.mergeHead)
        try repo.write("b.txt", "side\n")
        try repo.add("b.txt")
        let merge = try repo.commit("merge side").id
        return History(repo: repo, c1: c1, c2: c2, s1: s1, merge: merge)
    }

    @Test("follows ~N, ^ and ^N through a merge commit")
    func ancestry() throws {
        let h = try Self.makeHistory()
        let repo = h.repo.repository
        #expect(try repo.commit(h.merge).parents == [h.c2, h.s1])
        #expect(!FileManager.default.fileExists(atPath: h.repo.layout.mergeHead.path))
        let table: [(String, ObjectID)] = [
            ("HEAD", h.merge), ("main", h.merge), ("side", h.s1), ("HEAD^", h.c2), ("HEAD^1", h.c2),
            ("HEAD^2", h.s1), ("HEAD~1", h.c2), ("HEAD~2", h.c1), ("HEAD^^", h.c1), ("HEAD^2~1", h.c1),
            ("HEAD^2^", h.c1), ("HEAD~0", h.merge), ("HEAD^0", h.merge), ("refs/heads/side", h.s1),
            ("heads/side", h.s1), (h.merge.description, h.merge), ("\(h.merge)~2", h.c1),
        ]
        for (text, expected) in table {
            #expect(try repo.resolveCommit(text) == expected, "\(text)")
        }
    }

    @Test("refuses to go past the root or to a missing parent")
    func pastRoot() throws {
        let h = try Self.makeHistory()
        let repo = h.repo.repository
        expectRepositoryError(.unknownRevision) { _ = try repo.resolveCommit("HEAD~3") }
        expectRepositoryError(.unknownRevision) { _ = try repo.resolveCommit("HEAD^3") }
        expectRepositoryError(.unknownRevision) { _ = try repo.resolveCommit("side^2") }
    }

    @Test("resolves abbreviated ids, and tags peeled to their commit")
    func abbreviationsAndTags() throws {
        let h = try Self.makeHistory()
        let repo = h.repo.repository
        for length in [4, 7, 12, 40] {
            #expect(try repo.resolveCommit(String(h.c2.description.prefix(length))) == h.c2)
        }
        _ = try repo.createTag("light", target: "HEAD~1", message: nil, force: false, identity: TestIdentity.identity)
        let annotated = try repo.createTag(
            "v1.0", target: h.s1.description, message: "release", force: false, identity: TestIdentity.identity)
        #expect(annotated != h.s1)
        #expect(try repo.resolveCommit("light") == h.c2)
        #expect(try repo.resolveCommit("v1.0") == h.s1)
        #expect(try repo.resolveCommit("refs/tags/v1.0~1") == h.c1)
        #expect(try repo.resolveCommit(annotated.description) == h.s1)
        #expect(try repo.tagObject(annotated).message == "release\n")
    }

    @Test("rejects unknown names", arguments: ["nope", "HEAD~x", "main~-1", "~1", "^", "", "zzzz", "main:"])
    func unknown(text: String) throws {
        let repo = try TempRepository()
        try repo.commitFiles(["a": "a"], message: "one")
        do {
            _ = try repo.repository.resolveCommit(text)
            Issue.record("'\(text)' resolved")
        } catch let error as RepositoryError {
            #expect(error.code == .unknownRevision, "\(error.message)")
        }
    }

    @Test("reports an unborn HEAD as an unknown revision")
    func unbornHead() throws {
        let repo = try TempRepository()
        let error = expectRepositoryError(.unknownRevision) { _ = try repo.repository.resolveCommit("HEAD") }
        #expect(error?.message.contains("no commits yet") == true)
    }

    @Test("splits rev:path and defaults the revision to HEAD")
    func revisionWithPath() throws {
        let h = try Self.makeHistory()
        let repo = h.repo.repository
        let resolved = try repo.resolveRevision("HEAD~1:a.txt")
        #expect(resolved.commit == h.c2)
        #expect(resolved.path == (try repoPath("a.txt")))
        #expect(try repo.resolveRevision(":b.txt").commit == h.merge)
        #expect(try repo.resolveRevision("side:./dir/").path == (try repoPath("dir")))
        #expect(try repo.resolveRevision("side").path == nil)
        expectRepositoryError(.pathOutsideWorktree) { _ = try repo.resolveRevision("HEAD:../x") }
    }
}
