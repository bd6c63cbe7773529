import Foundation
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct LogGraphTests {
    /// B ← C (main) and B ← D (side); M1 = merge(C, D) on main, M2 = merge(D, C) on side, then a
    /// commit on each.
    static func crissCross(_ f: CLIFixture) throws -> URL {
        let repo = try f.initRepository()
        try f.commit(repo, ["f.txt": "b\n", "g.txt": "b\n"], "B")
        try f.expect(0, ["switch", "-q", "-c", "side"], in: repo)
        try f.commit(repo, ["g.txt": "d\n"], "D")
        try f.expect(0, ["switch", "-q", "main"], in: repo)
        try f.commit(repo, ["f.txt": "c\n"], "C")
        try f.expect(0, ["merge", "-q", "-m", "M1", "side"], in: repo)
        try f.expect(0, ["switch", "-q", "side"], in: repo)
        try f.expect(0, ["merge", "-q", "-m", "M2", "main~1"], in: repo)
        try f.commit(repo, ["g.txt": "side\n"], "side tip")
        try f.expect(0, ["switch", "-q", "main"], in: repo)
        try f.commit(repo, ["f.txt": "main\n"], "main tip")
        return repo
    }

    /// A ← B, then feature: F1 ← F2 and main: C, merged into main.
    static func oneMerge(_ f: CLIFixture) throws -> URL {
        let repo = try f.initRepository()
        try f.commit(repo, ["a": "a\n"], "A")
        try f.commit(repo, ["a": "b\n"], "B")
        try f.expect(0, ["switch", "-q", "-c", "feature"], in: repo)
        try f.commit(repo, ["f": "1\n"], "F1")
        try f.commit(repo, ["f": "2\n"], "F2")
        try f.expect(0, ["switch", "-q", "main"], in: repo)
        try f.commit(repo, ["a": "c\n"], "C")
        try f.expect(0, ["merge", "-q", "feature"], in: repo)
        return repo
    }

    @Test("a linear history is a single column")
    func linear() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        for name in ["A", "B", "C"] { try f.commit(repo, ["file": name], name) }
        assertGolden(try f.expect(0, ["log", "--graph", "--oneline"], in: repo).stdout, named: "logGraphLinear")
    }

    @Test("one merge: the merged line on the right, joined back below")
    func merge() throws {
        let f = try CLIFixture()
        let repo = try Self.oneMerge(f)
        assertGolden(try f.expect(0, ["log", "--graph", "--oneline"], in: repo).stdout, named: "logGraphMergeOneline")
        assertGolden(try f.expect(0, ["log", "--graph"], in: repo).stdout, named: "logGraphMerge")
    }

    @Test("a criss-cross history with --all")
    func crissCrossAll() throws {
        let f = try CLIFixture()
        let repo = try Self.crissCross(f)
        assertGolden(
            try f.expect(0, ["log", "--graph", "--oneline", "--all"], in: repo).stdout, named: "logGraphCrissCross")
    }

    @Test(
        "seeded random histories draw exactly as git draws them",
        .enabled(if: GitRunner.isAvailable, "needs git"), arguments: [11, 12, 13] as [UInt64])
    func matchesGit(seed: UInt64) throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        let git = try GitRunner(home: f.cli.home.url)
        let gitRepo = f.scratch.appending("git")
        try git.run(["init", "-q", "-b", "main", gitRepo.path], in: nil)
        var rng = SplitMix64(seed: seed)
        var branches = ["main"]
        func both(_ arguments: [String]) throws {
            try f.expect(0, arguments, in: repo)
            try git.run(arguments, in: gitRepo)
        }
        func commit(_ name: String) throws {
            try f.write(repo, name, name)
            try f.write(gitRepo, name, name)
            try f.expect(0, ["add", "."], in: repo)
            try git.run(["add", "."], in: gitRepo)
            try both(["commit", "-q", "-m", name])
        }
        try commit("c0")
        for step in 1..<36 {
            let roll = rng.int(in: 0...99)
            let others = branches.filter { $0 != branches[0] }
            if roll < 20 && branches.count < 7 {
                let name = "b\(branches.count)"
                try both(["switch", "-q", "-c", name])
                branches.insert(name, at: 0)
                try commit("c\(step)")
            } else if roll < 50, !others.isEmpty {
                let other = others[rng.int(in: 0...(others.count - 1))]
                try both(["merge", "-q", "--no-ff", "-m", "m\(step)", other])
            } else if roll < 75, !others.isEmpty {
                let other = others[rng.int(in: 0...(others.count - 1))]
                try both(["switch", "-q", other])
                branches.removeAll { $0 == other }
                branches.insert(other, at: 0)
            } else {
                try commit("c\(step)")
            }
        }
        let ours = try f.expect(0, ["log", "--graph", "--oneline", "--all"], in: repo).stdout
        let theirs = try git.run(["log", "--graph", "--format=%s", "--all"], in: gitRepo)
        let stripped = ours.replacingOccurrences(of: "[0-9a-f]{12} ", with: "", options: .regularExpression)
        #expect(stripped == theirs)
    }
}

/// Runs the real `git` with a private HOME, no system config and a fixed author and date (the
/// date mlv's tests use).
struct GitRunner {
    let environment: [String: String]

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/git") }

    init(home: URL) throws {
        environment = [
            "HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin", "LANG": "C",
            "GIT_AUTHOR_NAME": "Test User", "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "Test User", "GIT_COMMITTER_EMAIL": "test@example.com",
            "GIT_AUTHOR_DATE": "1700000000 +0000", "GIT_COMMITTER_DATE": "1700000000 +0000",
        ]
    }

    @discardableResult
    func run(_ arguments: [String], in directory: URL?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = (directory.map { ["-C", $0.path] } ?? []) + arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("git \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
