import Foundation
import MLVTestSupport
import Testing

/// A git sandbox with assertions; fails the test with the build hint when mlv is missing.
struct GitFixture {
    let sandbox: GitSandbox

    init(mlvOnPath: Bool = true) throws {
        do {
            sandbox = try GitSandbox(mlvOnPath: mlvOnPath)
        } catch {
            Issue.record("\(error)")
            throw error
        }
    }

    /// A git repository with mlv tracking `data/` and mlv's hooks installed.
    func trackedRepository(_ name: String = "repo", hooks: Bool = true) throws -> URL {
        let root = try sandbox.initRepository(name)
        try sandbox.write(root, "README.md", "code\n")
        try mlv(0, ["track", "data/"], in: root)
        if hooks { try mlv(0, ["git", "install"], in: root) }
        return root
    }

    /// Runs mlv and expects `status`, recording the transcript when it differs.
    @discardableResult
    func mlv(
        _ status: Int32, _ arguments: [String], in root: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CLIResult {
        let result = try sandbox.mlv(arguments, in: root)
        #expect(
            result.status == status && !result.signaled, "mlv \(arguments.joined(separator: " "))\n\(result)",
            sourceLocation: sourceLocation)
        return result
    }

    /// Runs git and expects `status`; returns stdout and stderr together.
    @discardableResult
    func git(
        _ arguments: [String], in root: URL, status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let output = try sandbox.git(arguments, in: root, check: false)
        #expect(
            output.status == status,
            "git \(arguments.joined(separator: " ")) exited \(output.status)\n\(output.stdoutText)\(output.stderrText)",
            sourceLocation: sourceLocation)
        return output.stdoutText + output.stderrText
    }

    func write(_ root: URL, _ path: String, _ text: String) throws { try sandbox.write(root, path, text) }
    func write(_ root: URL, _ path: String, _ bytes: [UInt8]) throws { try sandbox.write(root, path, bytes) }
    func text(_ root: URL, _ path: String) -> String? {
        sandbox.read(root, path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Records the data in mlv and git: `mlv add`, `mlv commit`, `git add -A`, `git commit`.
    func commitBoth(_ root: URL, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try mlv(0, ["add", "."], in: root, sourceLocation: sourceLocation)
        try mlv(0, ["commit", "-m", message], in: root, sourceLocation: sourceLocation)
        try git(["add", "-A"], in: root, sourceLocation: sourceLocation)
        try git(["commit", "-q", "-m", message], in: root, sourceLocation: sourceLocation)
    }
}
