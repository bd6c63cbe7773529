import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct AddCommitStatusTests {
    @Test("a new repository is empty, on an unborn main branch")
    func fresh() throws {
        let repo = try TempRepository()
        #expect(try repo.repository.head() == .branch(try #require(RefName.branch("main")), nil))
        #expect(try repo.repository.status().isClean)
        expectRepositoryError(.nothingToCommit) { try repo.commit("empty") }
        #expect(try Repository.initialize(at: repo.root).reinitialized)
    }

    @Test("walks a file through untracked, staged, committed, modified and deleted")
    func lifecycle() throws {
        let repo = try TempRepository()
        try repo.write("data/train.csv", "a,b\n1,2\n")
        try repo.write("notes.txt", "hello\n")
        #expect(try repo.statusSummary() == ["untracked data/train.csv", "untracked notes.txt"])

        let added = try repo.add()
        #expect(added.staged.map(\.rawValue) == ["data/train.csv", "notes.txt"])
        #expect(try repo.statusSummary() == ["staged added data/train.csv", "staged added notes.txt"])

        let first = try repo.commit("first")
        #expect(first.commit.parents.isEmpty)
        #expect(first.branch?.shortName == "main")
        #expect(first.changes.count == 2)
        #expect(try repo.statusSummary() == [])
        #expect(try repo.headID() == first.id)
        #expect(first.commit.author.name == "Test User")
        #expect(first.commit.author.time == 1_700_000_000)

        try repo.write("notes.txt", "hello, world\n")
        try repo.delete("data/train.csv")
        try repo.write("new.bin", [0, 1, 2])
        #expect(
            try repo.statusSummary() == [
                "unstaged deleted data/train.csv", "unstaged modified notes.txt", "untracked new.bin",
            ])
        let staged = try repo.add()
        #expect(staged.removed.map(\.rawValue) == ["data/train.csv"])
        #expect(staged.staged.map(\.rawValue) == ["new.bin", "notes.txt"])
        #expect(
            try repo.statusSummary() == [
                "staged deleted data/train.csv", "staged added new.bin", "staged modified notes.txt",
            ])
        let second = try repo.commit("second\n\nwith a body")
        #expect(second.commit.parents == [first.id])
        #expect(second.commit.subject == "second")
        #expect(try repo.statusSummary() == [])
        #expect(try repo.repository.log(from: [second.id]).map(\.id) == [second.id, first.id])
        #expect(try repo.repository.log(from: [second.id], limit: 1).count == 1)
        #expect(try repo.repository.log(from: [second.id], excluding: [first.id]).map(\.id) == [second.id])
    }

    @Test("touching a file without changing it shows no change, and add does not restage it")
    func statCache() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["a.txt": "same\n", "b.txt": "other\n"], message: "one")
        try repo.touch("a.txt", secondsFromNow: 120)
        #expect(try repo.statusSummary() == [])
        let result = try repo.add()
        #expect(result.staged.isEmpty)
        #expect(result.newBytes == 0)
        expectRepositoryError(.nothingToCommit) { try repo.commit("nothing") }
        // A same-size edit is still found, even with the old mtime put back.
        let before = try #require(FileStat.of(repo.url("b.txt").path))
        try repo.write("b.txt", "OTHER\n")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: Double(before.mtimeNanoseconds) / 1e9)],
            ofItemAtPath: repo.url("b.txt").path)
        #expect(try repo.statusSummary() == ["unstaged modified b.txt"])
    }

    @Test("status limited to paths reports only those")
    func statusPaths() throws {
        let repo = try TempRepository()
        try repo.write("a/1", "1")
        try repo.write("b/2", "2")
        let report = try repo.repository.status(paths: [try repoPath("a")])
        #expect(report.untracked.map(\.rawValue) == ["a/1"])
    }

    @Test("the worktree is listed in path order, around names that sort beside a folder's '/'")
    func scanOrder() throws {
        let repo = try TempRepository()
        // '-' and '.' sort before '/', '0' after it; the long names tie on their first 16 bytes.
        let names = [
            "m", "m-x.txt", "m.txt", "m0/z.txt", "mm/y", "n/m/deep.txt", "n/m-x", "n/m.txt", "n/m0",
            "a_very_long_name.txt", "a_very_long_name/q.txt", "a_very_long_name-2", "a_very_long_name_x/r",
            "Z/upper", "é/accent", "0first", "p/q/r/s/t",
        ]
        for name in names where name != "m" { try repo.write(name, name) }
        try repo.write("m/inner.txt", "inner")
        let listed = WorktreeScanner(layout: repo.layout).scan().files.map(\.path)
        #expect(listed == listed.sorted())
        #expect(listed.count == names.count)
        #expect(Set(listed.map(\.rawValue)) == Set(names.map { $0 == "m" ? "m/inner.txt" : $0 }))
    }

    @Test("status pairs the index with the worktree in one pass, across the same tricky names")
    func statusMerge() throws {
        let repo = try TempRepository()
        try repo.commitFiles(
            [
                "m-x.txt": "1", "m.txt": "2", "m/inner.txt": "3", "m0/z.txt": "4", "a_very_long_name.txt": "5",
                "a_very_long_name/q.txt": "6", "a_very_long_name-2": "7", "z": "8",
            ], message: "one")
        #expect(try repo.statusSummary() == [])
        try repo.write("m/new.txt", "new")
        try repo.write("m-new", "new")
        try repo.write("0first", "new")
        try repo.write("zz/last", "new")
        try repo.write("a_very_long_name_/x", "new")
        try repo.write("m.txt", "changed")
        try repo.delete("m0/z.txt")
        try repo.delete("a_very_long_name/q.txt")
        #expect(
            try repo.statusSummary() == [
                "unstaged deleted a_very_long_name/q.txt", "unstaged modified m.txt", "unstaged deleted m0/z.txt",
                "untracked 0first", "untracked a_very_long_name_/x", "untracked m-new", "untracked m/new.txt",
                "untracked zz/last",
            ])
        // Overlapping roots list each file once.
        let report = try repo.repository.status(paths: [try repoPath("m"), try repoPath("m/new.txt")])
        #expect(report.untracked.map(\.rawValue) == ["m/new.txt"])
    }

    @Test("commit -a stages modified and deleted tracked files but not untracked ones")
    func commitAll() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["keep": "1", "gone": "2"], message: "one")
        try repo.write("keep", "changed")
        try repo.delete("gone")
        try repo.write("untracked", "u")
        let result = try repo.commit("two", all: true)
        #expect(
            result.changes.map { "\(String(describing: $0.kind)) \($0.path)" }.sorted() == [
                "deleted gone", "modified keep",
            ])
        #expect(try repo.statusSummary() == ["untracked untracked"])
    }

    @Test("refuses empty messages, unknown paths and an unknown author")
    func refusals() throws {
        let repo = try TempRepository()
        try repo.write("a", "a")
        try repo.add()
        expectRepositoryError(.invalidArgument) { try repo.commit("  \n") }
        expectRepositoryError(.pathNotFound) { try repo.add("missing") }
        let nobody = Identity(environment: ["HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1"], now: { 0 })
        expectRepositoryError(.invalidConfig) {
            _ = try repo.repository.commit(CommitOptions(message: "m", identity: nobody))
        }
    }

    @Test("allowEmpty records a commit with the parent's tree")
    func allowEmpty() throws {
        let repo = try TempRepository()
        let first = try repo.commitFiles(["a": "a"], message: "one")
        let second = try repo.commit("again", allowEmpty: true)
        #expect(second.commit.tree == (try repo.repository.commit(first).tree))
        #expect(second.changes.isEmpty)
    }

    @Test("stores an executable bit and a symlink")
    func modes() throws {
        let repo = try TempRepository()
        try repo.write("run.sh", "#!/bin/sh\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.url("run.sh").path)
        try FileManager.default.createSymbolicLink(atPath: repo.url("link").path, withDestinationPath: "run.sh")
        try repo.add()
        let commit = try repo.commit("modes")
        let files = try repo.repository.listTree("HEAD", path: .root, recursive: true)
        #expect(files.map { "\($0.mode.octal) \($0.path)" } == ["120000 link", "100755 run.sh"])
        #expect(try repo.cat(commit.id.description, "link") == Array("run.sh".utf8))
    }
}
