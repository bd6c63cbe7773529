import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// A CLI runner plus a scratch folder; fails the test with the build hint when mlv is missing.
struct CLIFixture {
    let cli: CLIRunner
    let scratch: TempDirectory

    init() throws {
        do {
            cli = try CLIRunner()
        } catch {
            Issue.record("\(error)")
            throw error
        }
        scratch = try TempDirectory(prefix: "cli")
    }

    /// `mlv init <scratch>/<name>` through the binary; returns the folder.
    func initRepository(_ name: String = "repo") throws -> URL {
        let url = scratch.appending(name)
        let result = try cli.run(["init", url.path], in: nil)
        #expect(result.status == 0, "\(result)")
        return url
    }

    func write(_ root: URL, _ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Runs and expects `status`, recording the whole transcript when it differs.
    @discardableResult
    func expect(
        _ status: Int32, _ arguments: [String], in root: URL?, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CLIResult {
        let result = try cli.run(arguments, in: root)
        #expect(
            result.status == status && !result.signaled, "mlv \(arguments.joined(separator: " "))\n\(result)",
            sourceLocation: sourceLocation)
        return result
    }
}

func parseJSON(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}
