import Foundation
import MLVStorage
import MLVTestSupport
import Testing

/// Whole outputs compared with `Golden/<name>.txt`; record with `MLV_RECORD_GOLDEN=1`.
@Suite struct CLIGoldenTests {
    /// A repository with two commits (fixed author and date), then staged, unstaged and
    /// untracked changes.
    static func prepared(_ f: CLIFixture) throws -> URL {
        let repo = try f.initRepository()
        try f.write(repo, "data/train.csv", "id,x\n1,2\n")
        try f.write(repo, "README.md", "# data\n")
        try f.write(repo, "old.txt", "old\n")
        try f.expect(0, ["add", "."], in: repo)
        try f.expect(0, ["commit", "-m", "Import the training data\n\nFrom the 2023 export."], in: repo)
        try f.write(repo, "data/train.csv", "id,x\n1,2\n3,4\n")
        try f.expect(0, ["commit", "-a", "-m", "Add a row"], in: repo)
        try f.write(repo, "README.md", "# data, documented\n")
        try f.expect(0, ["add", "README.md"], in: repo)
        try f.write(repo, "staged-new.txt", "s\n")
        try f.expect(0, ["add", "staged-new.txt"], in: repo)
        try f.write(repo, "data/train.csv", "changed\n")
        try FileManager.default.removeItem(at: repo.appendingPathComponent("old.txt"))
        try f.write(repo, "notes/todo.txt", "t\n")
        try f.write(repo, "untracked.bin", "u")
        return repo
    }

    @Test("status long output")
    func statusLong() throws {
        let f = try CLIFixture()
        let repo = try Self.prepared(f)
        assertGolden(try f.expect(0, ["status"], in: repo).stdout, named: "statusLong")
        assertGolden(try f.expect(0, ["status", "--short"], in: repo).stdout, named: "statusShort")
    }

    @Test("log output with a fixed author date")
    func log() throws {
        let f = try CLIFixture()
        let repo = try Self.prepared(f)
        assertGolden(try f.expect(0, ["log"], in: repo).stdout, named: "log")
        assertGolden(try f.expect(0, ["log", "--oneline"], in: repo).stdout, named: "logOneline")
    }
}
