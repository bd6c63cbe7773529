import Foundation

/// A git worktree, driven through the real `git` binary (mlv never reads git's files itself).
///
/// Commands run in `root` with the caller's environment, so that inside a hook they see what git
/// set (`GIT_INDEX_FILE` during pre-commit, for example).
public struct GitRepository: Sendable {
    /// The worktree's top folder (`git rev-parse --show-toplevel`).
    public let root: URL
    /// The git executable.
    public let git: URL

    /// The git worktree that contains `directory`.
    /// - Throws: `.notAGitRepository` when `directory` is not inside one.
    public static func discover(from directory: URL, git: URL = GitRepository.defaultGit) throws -> GitRepository {
        let output = try GitRepository.run(git, ["rev-parse", "--show-toplevel"], in: directory)
        guard output.status == 0 else {
            throw GitError(
                .notAGitRepository, "not a git worktree: '\(directory.path)'",
                hint: "run 'git init' first, or use mlv on its own ('mlv init')")
        }
        let top = String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .newlines)
        return GitRepository(root: URL(fileURLWithPath: top), git: git)
    }

    public init(root: URL, git: URL = GitRepository.defaultGit) {
        self.root = root
        self.git = git
    }

    /// `git` found on PATH, as a shell would (`/usr/bin/env git`).
    public static let defaultGit = URL(fileURLWithPath: "/usr/bin/env")

    /// The output of one git command.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `git <arguments>` in the worktree and returns its stdout; throws when it fails.
    @discardableResult
    public func run(_ arguments: [String], input: [UInt8]? = nil) throws -> [UInt8] {
        let output = try GitRepository.run(git, arguments, in: root, input: input)
        guard output.status == 0 else {
            let detail = String(decoding: output.stderr, as: UTF8.self).split(separator: "\n").first.map(String.init)
            throw GitError(
                .gitFailed,
                "'git \(arguments.joined(separator: " "))' failed with status \(output.status)"
                    + (detail.map { ": \($0)" } ?? ""))
        }
        return output.stdout
    }

    /// Runs a git command and returns its whole output, whatever its status.
    public func runAllowingFailure(_ arguments: [String], input: [UInt8]? = nil) throws -> Output {
        try GitRepository.run(git, arguments, in: root, input: input)
    }

    /// The value of a git config key, or nil when unset.
    public func config(_ key: String) throws -> String? {
        let output = try runAllowingFailure(["config", "--get", key])
        guard output.status == 0 else { return nil }
        return output.text.trimmingCharacters(in: .newlines)
    }

    /// The folder git runs hooks from: `core.hooksPath` when set, else `.git/hooks`.
    public func hooksDirectory() throws -> URL {
        let path = String(decoding: try run(["rev-parse", "--git-path", "hooks"]), as: UTF8.self)
            .trimmingCharacters(in: .newlines)
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
    }

    /// The current branch's short name, or nil when HEAD is detached or unborn.
    public func currentBranch() throws -> String? {
        let output = try runAllowingFailure(["symbolic-ref", "--quiet", "--short", "HEAD"])
        guard output.status == 0 else { return nil }
        return output.text.trimmingCharacters(in: .newlines)
    }

    private static func run(_ git: URL, _ arguments: [String], in directory: URL, input: [UInt8]? = nil) throws
        -> Output
    {
        let process = Process()
        process.executableURL = git
        process.arguments = (git.lastPathComponent == "env" ? ["git"] : []) + arguments
        process.currentDirectoryURL = directory
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        do {
            try process.run()
        } catch {
            throw GitError(
                .gitFailed, "cannot run git: \(error.localizedDescription)", hint: "install git and put it on PATH",
                underlying: error)
        }
        // Both pipes are drained on their own threads so that neither can fill up and block git.
        let errors = PipeDrain(stderr.fileHandleForReading)
        let outputs = PipeDrain(stdout.fileHandleForReading)
        if let input {
            stdin.fileHandleForWriting.write(Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        let out = outputs.wait()
        let err = errors.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: out, stderr: err)
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class PipeDrain: @unchecked Sendable {
    // Safety: `bytes` is written by the reading thread before `done.signal()` and read only after
    // `done.wait()`.
    private let done = DispatchSemaphore(value: 0)
    private var bytes: [UInt8] = []

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            bytes = [UInt8](handle.readDataToEndOfFile())
            done.signal()
        }
        thread.start()
    }

    func wait() -> [UInt8] {
        done.wait()
        return bytes
    }
}
