import Foundation
import MLVGit
import MLVTestSupport
import Testing

@Suite struct TrackTests {
    @Test("track writes .mlvattributes and mlv's .gitignore block; untrack rewrites only the block")
    func trackAndUntrack() throws {
        let f = try GitFixture()
        let root = try f.sandbox.initRepository()
        try f.write(root, ".gitignore", "*.pyc\n# mine\nbuild/\n")
        let result = try f.mlv(0, ["track", "data/", "*.safetensors"], in: root)
        #expect(result.stdout == "Tracking 'data/**'\nTracking '*.safetensors'\n")
        #expect(f.text(root, ".mlvattributes") == "data/** track=yes\n*.safetensors track=yes\n")
        #expect(
            f.text(root, ".gitignore")
                == "*.pyc\n# mine\nbuild/\n\n# >>> mlv (managed by mlv track; do not edit)\n/.mlv/\n/data/**\n*.safetensors\n# <<< mlv\n"
        )
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(".mlv/config").path))
        try f.mlv(0, ["track", "data/"], in: root)
        #expect(f.text(root, ".mlvattributes") == "data/** track=yes\n*.safetensors track=yes\n")
        try f.write(root, ".gitignore", f.text(root, ".gitignore")! + "after/\n")
        try f.mlv(0, ["untrack", "*.safetensors"], in: root)
        #expect(f.text(root, ".mlvattributes") == "data/** track=yes\n")
        #expect(
            f.text(root, ".gitignore")
                == "*.pyc\n# mine\nbuild/\n\n# >>> mlv (managed by mlv track; do not edit)\n/.mlv/\n/data/**\n# <<< mlv\nafter/\n"
        )
        #expect(try f.mlv(0, ["track"], in: root).stdout == "data/**\n")
        let refused = try f.mlv(128, ["track", "../x"], in: root)
        #expect(refused.stderr.hasPrefix("fatal: '../x' would track mlv's or git's own files"))
    }

    @Test("with track patterns mlv sees only tracked paths; git ignores them")
    func scanSeesTrackedOnly() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository(hooks: false)
        try f.write(root, "data/a.bin", [1, 2, 3])
        try f.write(root, "src/main.swift", "print(1)\n")
        let status = try f.mlv(0, ["status", "--porcelain"], in: root)
        #expect(status.stdout == "?? data/\n")
        let refused = try f.mlv(128, ["add", "src/main.swift"], in: root)
        #expect(refused.stderr.contains("is not a tracked path"))
        let gitStatus = try f.git(["status", "--porcelain", "--untracked-files=all"], in: root)
        #expect(!gitStatus.contains("data/"))
        #expect(!gitStatus.contains(".mlv/"))
        #expect(gitStatus.contains("src/main.swift"))
    }

    @Test("mlv commit writes mlv.lock; mlv git lock regenerates it")
    func lockFollowsCommits() throws {
        let f = try GitFixture()
        let root = try f.trackedRepository(hooks: false)
        try f.write(root, "data/b.txt", "hello\n")
        try f.write(root, "data/a.bin", [0, 1, 2, 3])
        try f.mlv(0, ["add", "data"], in: root)
        let commit = try f.mlv(0, ["commit", "-m", "v1"], in: root)
        #expect(commit.stdout.contains("Updated mlv.lock"))
        let lock = try #require(f.text(root, "mlv.lock"))
        let lines = lock.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[1] == "mlv-lock 1")
        #expect(lines[2].hasPrefix("commit ") && lines[2].count == 7 + 64)
        #expect(lines[3].hasSuffix(" 4 data/a.bin"))
        #expect(lines[4].hasSuffix(" 6 data/b.txt"))
        let head = try #require(f.text(root, ".mlv/refs/heads/main"))
        #expect(lines[2] == "commit " + head.trimmingCharacters(in: .newlines))
        try FileManager.default.removeItem(at: root.appendingPathComponent("mlv.lock"))
        try f.mlv(0, ["git", "lock"], in: root)
        #expect(f.text(root, "mlv.lock") == lock)
        try f.write(root, "data/b.txt", "hello again\n")
        try f.mlv(0, ["commit", "-a", "-m", "v2"], in: root)
        #expect(f.text(root, "mlv.lock") != lock)
        #expect(f.text(root, "mlv.lock")?.contains(" 12 data/b.txt\n") == true)
    }
}
