import Foundation

/// Scratch git repositories driven by the real `git` and the built `mlv`, isolated from the
/// machine: HOME in a private temporary folder, `GIT_CONFIG_NOSYSTEM=1`, fixed author, committer
/// and dates, and a PATH that holds the built `mlv` (so hook stubs find it) unless asked not to.
public final class GitSandbox: Sendable {
    /// Runs `mlv`; its environment is the one git gets too.
    public let cli: CLIRunner
    /// Where the repositories go.
    public let scratch: TempDirectory
    /// The git executable.
    public static let git = URL(fileURLWithPath: "/usr/bin/git")

    /// - Parameter mlvOnPath: false leaves the built `mlv` off PATH (for the stubs' message).
    public init(mlvOnPath: Bool = true) throws {
        let bin = CLIRunner.defaultBinary.deletingLastPathComponent().path
        cli = try CLIRunner(extraEnvironment: [
            "PATH": mlvOnPath ? "\(bin):/usr/bin:/bin" : "/usr/bin:/bin",
            "GIT_AUTHOR_NAME": "Test User", "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "Test User", "GIT_COMMITTER_EMAIL": "test@example.com",
            "GIT_AUTHOR_DATE": "1700000000 +0000", "GIT_COMMITTER_DATE": "1700000000 +0000",
            "GIT_TERMINAL_PROMPT": "0",
        ])
        scratch = try TempDirectory(prefix: "git")
    }

    /// `git init -b main <scratch>/<name>` with the test identity in the repository's config.
    public func initRepository(_ name: String = "repo") throws -> URL {
        let url = scratch.appending(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: url)
        try git(["config", "user.name", "Test User"], in: url)
        try git(["config", "user.email", "test@example.com"], in: url)
        return url
    }

    /// Runs git in `directory`; throws when it fails and `check` is true.
    @discardableResult
    public func git(_ arguments: [String], in directory: URL, check: Bool = true) throws -> ChildProcess.Output {
        let output = try run(GitSandbox.git, arguments, in: directory)
        if check && output.status != 0 {
            throw TestSupportError(
                "git \(arguments.joined(separator: " ")) failed with \(output.status)\n\(output.stdoutText)\(output.stderrText)"
            )
        }
        return output
    }

    /// Runs `mlv -C <directory> <arguments>`.
    @discardableResult
    public func mlv(_ arguments: [String], in directory: URL) throws -> CLIResult {
        try cli.run(arguments, in: directory)
    }

    /// Writes bytes to `<root>/<path>`, creating folders.
    public func write(_ root: URL, _ path: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Writes UTF-8 text to `<root>/<path>`.
    public func write(_ root: URL, _ path: String, _ text: String) throws { try write(root, path, Array(text.utf8)) }

    /// The bytes of `<root>/<path>`, or nil when there is no such file.
    public func read(_ root: URL, _ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map { [UInt8]($0) }
    }

    /// Runs a program with the sandbox's environment; output is captured in files under HOME
    /// (never in the worktree, where git would see them).
    public func run(_ executable: URL, _ arguments: [String], in directory: URL) throws -> ChildProcess.Output {
        let name = UUID().uuidString
        let outURL = cli.home.appending("\(name).stdout")
        let errURL = cli.home.appending("\(name).stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = cli.environment
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return ChildProcess.Output(
            status: process.terminationStatus, stdout: [UInt8](try Data(contentsOf: outURL)),
            stderr: [UInt8](try Data(contentsOf: errURL)))
    }
}
