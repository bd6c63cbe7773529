import Foundation
import MLVTestSupport
import Testing

/// `scripts/mlv-ci.sh` (docs/CI.md) run for real against a folder remote.
@Suite struct CIScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/mlv-ci.sh")

    /// Runs the script with the built mlv; returns its status and output.
    func runScript(_ f: CLIFixture, remote: URL, work: URL, extra: [String: String] = [:]) throws -> ScriptResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [Self.script.path, remote.path, "main"]
        var environment = f.cli.environment
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        environment["MLV"] = f.cli.binary.path
        environment["MLV_CI_DIR"] = work.path
        environment.merge(extra) { $1 }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ScriptResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    struct ScriptResult: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "status \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// Whether the remote's main holds the trained model (a run was pushed), seen from `src`.
    func remoteHasRun(_ f: CLIFixture, _ src: URL) throws -> Bool {
        try f.expect(0, ["fetch", "origin"], in: src)
        return try f.expect(0, ["ls-tree", "-r", "origin/main"], in: src).stdout.contains("models/model.safetensors")
    }

    @Test("a passing gate runs, checks and pushes; a failing gate exits 1 and pushes nothing") func gate() throws {
        let f = try CLIFixture()
        let remote = f.scratch.appending("remote.mlv")
        try f.expect(0, ["init", "--bare", remote.path], in: nil)
        let src = try f.initRepository("src")
        try f.write(src, "data.csv", MonitorCLITests.data(seed: 5))
        try f.write(src, "mlv.yaml", MonitorCLITests.stages + "checks:\n  - accuracy >= 1.01\n")
        try f.expect(0, ["add", "."], in: src)
        try f.expect(0, ["commit", "-m", "data and a gate no model passes"], in: src)
        try f.expect(0, ["remote", "add", "origin", remote.path], in: src)
        try f.expect(0, ["push", "-u", "origin", "main"], in: src)

        let failed = try runScript(f, remote: remote, work: f.scratch.appending("ci-1"))
        #expect(failed.status == 1, "\(failed)")
        #expect(failed.stdout.contains("FAIL") && failed.stderr.contains("nothing pushed"))
        #expect(!(try remoteHasRun(f, src)))

        try f.write(src, "mlv.yaml", MonitorCLITests.stages + "checks:\n  - accuracy >= 0.5\n")
        try f.expect(0, ["commit", "-a", "-m", "a gate the model passes"], in: src)
        try f.expect(0, ["push"], in: src)
        // The same working copy again: pulled, not cloned.
        let passed = try runScript(f, remote: remote, work: f.scratch.appending("ci-1"))
        #expect(passed.status == 0, "\(passed)")
        #expect(passed.stdout.contains("pass") && passed.stdout.contains("data.csv: 240 → 240 rows"))
        #expect(try remoteHasRun(f, src))

        // Drift as a gate: shifted data fails the job even though the checks pass.
        try f.expect(0, ["pull"], in: src)
        try f.write(src, "data.csv", MonitorCLITests.data(seed: 6, shift: 0.8))
        try f.expect(0, ["commit", "-a", "-m", "shifted data"], in: src)
        try f.expect(0, ["push"], in: src)
        let drifted = try runScript(
            f, remote: remote, work: f.scratch.appending("ci-2"),
            extra: ["MLV_CI_DRIFT": "gate", "MLV_CI_BASELINE": "HEAD~2"])
        #expect(drifted.status == 1, "\(drifted)")
        #expect(drifted.stderr.contains("mlv drift against HEAD~2 failed"))
    }
}
