import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one run of the `mlv` binary produced.
public struct CLIResult: Sendable, CustomStringConvertible {
    public var status: Int32
    /// True when the process ended by a signal (then `status` is the signal number).
    public var signaled: Bool
    public var stdout: String
    public var stderr: String

    public var description: String {
        "exit \(signaled ? "signal " : "")\(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }

    /// stdout split into lines, without the final empty one.
    public var lines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastIfEmpty()
    }
}

extension Array where Element == String {
    fileprivate func dropLastIfEmpty() -> [String] { last == "" ? Array(dropLast()) : self }
}

/// Runs the built `mlv` binary as a child process with an explicit environment: `HOME` in a
/// private temporary folder, `GIT_CONFIG_NOSYSTEM=1`, the fixed test author and date. It never
/// changes the current folder: commands get `-C <dir>`.
public final class CLIRunner: Sendable {
    /// The binary that runs.
    public let binary: URL
    /// HOME for the child, and where output is captured.
    public let home: TempDirectory
    public let environment: [String: String]

    /// `<package root>/.build/debug/mlv`, found from this source file's location.
    public static var defaultBinary: URL {
        URL(fileURLWithPath: #filePath)  // Sources/MLVTestSupport/CLIRunner.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/mlv")
    }

    /// - Throws: when the binary is missing, saying how to build it.
    public init(binary: URL = CLIRunner.defaultBinary, extraEnvironment: [String: String] = [:]) throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestSupportError(
                "the mlv binary is missing at '\(binary.path)'; run 'swift build' (or 'swift build --build-tests') first"
            )
        }
        self.binary = binary
        home = try TempDirectory(prefix: "home")
        var environment = TestIdentity.environment
        environment["HOME"] = home.path
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["PATH"] = "/usr/bin:/bin"
        environment["LANG"] = "C"
        environment["TZ"] = "UTC"
        for (key, value) in extraEnvironment { environment[key] = value }
        self.environment = environment
    }

    /// Runs `mlv -C <directory> <arguments>` (or without `-C` when `directory` is nil) and waits.
    @discardableResult
    public func run(_ arguments: [String], in directory: URL?) throws -> CLIResult {
        let running = try start(arguments, in: directory)
        return try running.wait()
    }

    /// Variadic form of ``run(_:in:)``.
    @discardableResult
    public func run(in directory: URL?, _ arguments: String...) throws -> CLIResult {
        try run(arguments, in: directory)
    }

    /// Starts `mlv` without waiting, for tests that signal it.
    public func start(_ arguments: [String], in directory: URL?) throws -> RunningCLI {
        let process = Process()
        process.executableURL = binary
        process.arguments = (directory.map { ["-C", $0.path] } ?? []) + arguments
        process.environment = environment
        // Output goes to files, so a chatty child never blocks on a full pipe.
        let id = UUID().uuidString
        let outURL = home.url.appendingPathComponent("stdout-\(id)")
        let errURL = home.url.appendingPathComponent("stderr-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try out.close()
        try err.close()
        return RunningCLI(process: process, stdoutURL: outURL, stderrURL: errURL)
    }
}

/// A started `mlv` process.
public final class RunningCLI: @unchecked Sendable {
    // Safety: used from one test at a time; Process is thread-safe for these calls.
    public let process: Process
    let stdoutURL: URL
    let stderrURL: URL

    init(process: Process, stdoutURL: URL, stderrURL: URL) {
        self.process = process
        self.stdoutURL = stdoutURL
        self.stderrURL = stderrURL
    }

    public var pid: Int32 { process.processIdentifier }

    /// Sends SIGKILL: the process dies at once, mid-write if it was writing.
    public func kill() {
        #if canImport(Glibc)
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
        #else
            _ = Darwin.kill(process.processIdentifier, SIGKILL)
        #endif
    }

    /// Sends `signal` (SIGINT for Ctrl-C, SIGTERM).
    public func send(_ signal: Int32) {
        #if canImport(Glibc)
            _ = Glibc.kill(process.processIdentifier, signal)
        #else
            _ = Darwin.kill(process.processIdentifier, signal)
        #endif
    }

    /// Waits for the end and collects the output.
    public func wait() throws -> CLIResult {
        process.waitUntilExit()
        let stdout = String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self)
        let stderr = String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self)
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
        return CLIResult(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            stdout: stdout, stderr: stderr)
    }
}
