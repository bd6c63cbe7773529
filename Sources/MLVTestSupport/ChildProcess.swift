import Foundation

/// Runs a program to completion for a test, with an explicit environment; stdout and stderr go
/// to files in the working folder (so neither pipe can fill up and block the child), read back
/// when it exits.
public enum ChildProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]

        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Starts `executable` with `arguments` in `directory` and waits for it.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String], in directory: URL
    ) throws -> Output {
        let name = UUID().uuidString
        let stdoutURL = directory.appendingPathComponent("\(name).stdout")
        let stderrURL = directory.appendingPathComponent("\(name).stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
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
            stderr: [UInt8](try Data(contentsOf: stderrURL)))
    }
}
