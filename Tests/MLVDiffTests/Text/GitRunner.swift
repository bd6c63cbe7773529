import Foundation
import MLVTestSupport

/// Runs the real `git` for cross-checks, with an explicit environment: HOME in the given
/// temporary folder (so no user config is read), `GIT_CONFIG_NOSYSTEM=1`, a fixed PATH and locale.
enum GitRunner {
    /// What a run printed; git's diff and merge commands exit non-zero to report differences and
    /// conflicts, so the status is returned, not thrown.
    struct Output {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
    }

    /// Runs `git <arguments>` in `directory` and waits.
    static func run(_ arguments: [String], in directory: URL) throws -> Output {
        let stdoutURL = directory.appendingPathComponent("git-\(UUID().uuidString).stdout")
        let stderrURL = directory.appendingPathComponent("git-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.environment = [
            "HOME": directory.path, "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C",
            "LC_ALL": "C",
        ]
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        return Output(
            status: process.terminationStatus, stdout: [UInt8](try Data(contentsOf: stdoutURL)),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
    }

    /// `git diff --no-index --no-color -U<context> old new` from the `--- ` line on (the
    /// `diff --git` and `index` lines before it are not part of ``TextDiff``'s rendering).
    static func diff(old: [UInt8], new: [UInt8], context: Int) throws -> [UInt8] {
        let directory = try TempDirectory(prefix: "git-diff")
        try Data(old).write(to: directory.appending("old.txt"))
        try Data(new).write(to: directory.appending("new.txt"))
        let output = try run(
            ["diff", "--no-index", "--no-color", "-U\(context)", "old.txt", "new.txt"], in: directory.url)
        guard output.status == 0 || output.status == 1 else {
            throw TestSupportError("git diff exited with \(output.status): \(output.stderr)")
        }
        let marker = Array("\n--- ".utf8)
        guard let start = output.stdout.indices.first(where: { output.stdout[$0...].starts(with: marker) }) else {
            return []
        }
        return Array(output.stdout[(start + 1)...])
    }

    /// `git merge-file -p -L <oursLabel> -L base -L <theirsLabel> ours base theirs`: the merged
    /// text and the conflict count (git's exit status).
    static func mergeFile(
        base: [UInt8], ours: [UInt8], theirs: [UInt8], oursLabel: String, theirsLabel: String
    ) throws -> (merged: [UInt8], conflicts: Int) {
        let directory = try TempDirectory(prefix: "git-merge")
        try Data(base).write(to: directory.appending("base.txt"))
        try Data(ours).write(to: directory.appending("ours.txt"))
        try Data(theirs).write(to: directory.appending("theirs.txt"))
        let output = try run(
            [
                "merge-file", "-p", "-L", oursLabel, "-L", "base", "-L", theirsLabel, "ours.txt", "base.txt",
                "theirs.txt",
            ],
            in: directory.url)
        guard output.status >= 0, output.status < 128 else {
            throw TestSupportError("git merge-file exited with \(output.status): \(output.stderr)")
        }
        return (output.stdout, Int(output.status))
    }
}
