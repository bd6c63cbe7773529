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
        let output = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments,
            environment: [
                "HOME": directory.path, "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/local/bin:/usr/bin:/bin",
                "LANG": "C", "LC_ALL": "C",
            ], in: directory)
        return Output(status: output.status, stdout: output.stdout, stderr: output.stderrText)
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
