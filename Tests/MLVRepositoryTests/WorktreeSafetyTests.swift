import Foundation
import MLVObjects
import MLVStorage
import MLVTestSupport
import Testing

@testable import MLVRepository

/// Checkout never writes outside the worktree, and bad paths are refused with a clear error.
@Suite struct WorktreeSafetyTests {
    @Test("checkout refuses to write through a folder that was replaced by a symbolic link")
    func symlinkedParent() throws {
        let repo = try TempRepository()
        let outside = try TempDirectory(prefix: "outside")
        try repo.commitFiles(["data/a.txt": "one\n"], message: "first")
        try repo.write("data/a.txt", "two\n")
        try repo.add()
        try repo.commit("second")
        // Replace the folder by a link to a folder outside the repository.
        try repo.delete("data")
        try FileManager.default.createSymbolicLink(atPath: repo.url("data").path, withDestinationPath: outside.path)
        let options = checkoutOptions(force: true)
        #expect {
            _ = try repo.repository.checkout("HEAD~1", options: options)
        } throws: { error in
            (error as? RepositoryError)?.code == .unsafeTree
                && "\(error)".contains("symbolic link")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test("paths outside the worktree or inside .mlv are refused")
    func outsidePaths() throws {
        let repo = try TempRepository()
        for text in ["../elsewhere.txt", "/etc/passwd", ".mlv/config"] {
            #expect(throws: RepositoryError.self) {
                _ = try repo.repository.repoPath(forUserPath: text, currentDirectory: repo.root)
            }
        }
        #expect(
            try repo.repository.repoPath(forUserPath: "sub/../x.txt", currentDirectory: repo.root).rawValue == "x.txt")
    }

    @Test("add refuses a file that changes while it is read, and records nothing")
    func changedDuringAdd() throws {
        let repo = try TempRepository()
        var generator = SplitMix64(seed: 5)
        try repo.write("big.bin", generator.bytes(1 << 20))
        let path = try repo.path("big.bin")
        let before = try #require(FileStat.of(repo.url("big.bin").path))
        // Simulate a writer that appended after the stat was taken.
        let handle = try FileHandle(forWritingTo: repo.url("big.bin"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([1, 2, 3]))
        try handle.close()
        #expect {
            _ = try FileStorer(repository: repo.repository, writer: nil).store(path, expected: before)
        } throws: { error in
            (error as? RepositoryError)?.code == .fileChanged
        }
        #expect(try repo.repository.readIndex().entries.isEmpty)
    }

    @Test("add of a path that does not exist names it")
    func missingPath() throws {
        let repo = try TempRepository()
        #expect {
            _ = try repo.add("nope.csv")
        } throws: { error in
            "\(error)".contains("nope.csv")
        }
    }
}
