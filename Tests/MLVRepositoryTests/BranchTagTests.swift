import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct BranchTagTests {
    @Test("creates, lists, renames and deletes branches")
    func branches() throws {
        let repo = try TempRepository()
        let first = try repo.commitFiles(["a": "1"], message: "one")
        let second = try repo.commitFiles(["a": "2"], message: "two")
        #expect(
            try repo.repository.createBranch("old", start: "HEAD~1", force: false, identity: repo.identity) == first)
        #expect(
            try repo.repository.createBranch("topic/x", start: nil, force: false, identity: repo.identity) == second)
        expectRepositoryError(.refConflict) {
            _ = try repo.repository.createBranch("old", start: nil, force: false, identity: repo.identity)
        }
        expectRepositoryError(.invalidRefName) {
            _ = try repo.repository.createBranch("a b", start: nil, force: false, identity: repo.identity)
        }
        let listed = try repo.repository.branches()
        #expect(
            listed.map { "\($0.isCurrent ? "*" : " ")\($0.name.shortName)" }
                == [" main", " old", " topic/x"].map {
                    $0 == " main" ? "*main" : $0
                })
        try repo.repository.renameBranch("main", to: "trunk", identity: repo.identity)
        #expect(try repo.repository.head() == .branch(try #require(RefName.branch("trunk")), second))
        expectRepositoryError(.refConflict) { _ = try repo.repository.deleteBranch("trunk", force: false) }
        #expect(try repo.repository.deleteBranch("old", force: false) == first)
        #expect(try repo.repository.branches().map(\.name.shortName) == ["topic/x", "trunk"])
        expectRepositoryError(.unknownRevision) { _ = try repo.repository.deleteBranch("old", force: false) }
    }

    @Test("refuses to delete an unmerged branch unless forced")
    func unmerged() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["a": "1"], message: "one")
        _ = try repo.repository.switchToNewBranch("side", start: nil, options: checkoutOptions())
        try repo.commitFiles(["b": "2"], message: "side work")
        _ = try repo.repository.checkout("main", options: checkoutOptions())
        let error = expectRepositoryError(.refConflict) { _ = try repo.repository.deleteBranch("side", force: false) }
        #expect(error?.hint?.contains("branch -D") == true)
        _ = try repo.repository.deleteBranch("side", force: true)
    }

    @Test("creates lightweight and annotated tags, lists and deletes them")
    func tags() throws {
        let repo = try TempRepository()
        let first = try repo.commitFiles(["a": "1"], message: "one")
        let second = try repo.commitFiles(["a": "2"], message: "two")
        #expect(
            try repo.repository.createTag("v1", target: "HEAD~1", message: nil, force: false, identity: repo.identity)
                == first)
        let annotated = try repo.repository.createTag(
            "v2", target: nil, message: "second", force: false, identity: repo.identity)
        let tag = try repo.repository.tagObject(annotated)
        #expect(tag.object == second)
        #expect(tag.name == "v2")
        #expect(tag.tagger.time == 1_700_000_000)
        #expect(
            try repo.repository.tags().map {
                "\($0.name.shortName) \($0.commit == ($0.name.shortName == "v1" ? first : second))"
            } == ["v1 true", "v2 true"])
        expectRepositoryError(.refConflict) {
            _ = try repo.repository.createTag("v1", target: nil, message: nil, force: false, identity: repo.identity)
        }
        #expect(
            try repo.repository.createTag("v1", target: nil, message: nil, force: true, identity: repo.identity)
                == second)
        #expect(try repo.repository.deleteTag("v1") == second)
        #expect(try repo.repository.tags().map(\.name.shortName) == ["v2"])
        expectRepositoryError(.unknownRevision) { _ = try repo.repository.deleteTag("v1") }
        expectRepositoryError(.invalidRefName) {
            _ = try repo.repository.createTag(
                "bad:tag", target: nil, message: nil, force: false, identity: repo.identity)
        }
    }
}

@Suite struct CatTests {
    @Test("streams a multi-chunk file chunk by chunk and reproduces it exactly")
    func streaming() throws {
        let repo = try TempRepository()
        var rng = SplitMix64(seed: 42)
        let content = rng.bytes(900_000)
        try repo.write("blob.bin", content)
        try repo.add()
        try repo.commit("blob")
        var pieces = 0
        var out = [UInt8]()
        try repo.repository.readFile("HEAD", path: try repoPath("blob.bin")) { chunk in
            pieces += 1
            #expect(chunk.count <= 256 * 1024)
            out += chunk
        }
        #expect(pieces > 1)
        #expect(out == content)
    }

    @Test("lists trees, and refuses folders and missing paths for cat")
    func listAndErrors() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["top.txt": "t", "dir/a.txt": "aa", "dir/sub/b.txt": "bbb"], message: "one")
        let top = try repo.repository.listTree("HEAD", path: .root, recursive: false)
        #expect(top.map { "\($0.mode.octal) \($0.path) \($0.size)" } == ["040000 dir 0", "100644 top.txt 1"])
        let all = try repo.repository.listTree("HEAD", path: try repoPath("dir"), recursive: true)
        #expect(all.map(\.path.rawValue) == ["dir/a.txt", "dir/sub/b.txt"])
        #expect(try repo.cat("HEAD", "dir/sub/b.txt") == Array("bbb".utf8))
        expectRepositoryError(.invalidArgument) { _ = try repo.cat("HEAD", "dir") }
        expectRepositoryError(.pathNotFound) { _ = try repo.cat("HEAD", "nope") }
        expectRepositoryError(.pathNotFound) {
            _ = try repo.repository.listTree("HEAD", path: try repoPath("nope"), recursive: false)
        }
    }
}
