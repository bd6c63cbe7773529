import Foundation
import MLVTestSupport
import Testing

/// End to end through the binary: `mlv push` to and `mlv clone` from an `s3://` remote on a real
/// moto_server, credentials from the AWS variables.
@Suite(.serialized) struct S3CLITests {
    @Test("mlv push to s3://, clone and partial clone from it; a second push is up to date; wrong keys refused")
    func pushAndClone() async throws {
        let server = try await S3TestServer.start()
        let credentials = [
            "AWS_ACCESS_KEY_ID": server.credentials.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": server.credentials.secretAccessKey,
        ]
        let cli = try CLIRunner(extraEnvironment: credentials)
        let scratch = try TempDirectory(prefix: "cli-s3")
        let url = "s3://\(server.bucket)/team/churn"
        func run(_ status: Int32, _ arguments: [String], in root: URL?) throws -> CLIResult {
            let result = try cli.run(arguments, in: root)
            #expect(result.status == status, "mlv \(arguments.joined(separator: " "))\n\(result)")
            return result
        }
        let local = scratch.appending("local")
        _ = try run(0, ["init", local.path], in: nil)
        let table = (0..<20_000).map { "\($0),\($0 * 7 % 13)\n" }.joined()
        try FileManager.default.createDirectory(
            at: local.appendingPathComponent("data"), withIntermediateDirectories: true)
        try Data(("id,x\n" + table).utf8).write(to: local.appendingPathComponent("data/table.csv"))
        try Data("hello\n".utf8).write(to: local.appendingPathComponent("README"))
        _ = try run(0, ["add", "."], in: local)
        _ = try run(0, ["commit", "-q", "-m", "first"], in: local)
        _ = try run(0, ["remote", "add", "origin", url, "--endpoint", server.endpoint.absoluteString], in: local)
        let pushed = try run(0, ["push", "origin", "main"], in: local)
        #expect(pushed.stdout.contains("[new branch]      main -> main"))
        let again = try run(0, ["push", "origin", "main"], in: local)
        #expect(again.stdout.contains("[up to date]"))

        // A bare URL: the endpoint comes from the environment, as for the AWS tools.
        let cloner = try CLIRunner(
            extraEnvironment: credentials.merging(["AWS_ENDPOINT_URL_S3": server.endpoint.absoluteString]) { $1 })
        let cloned = try cloner.run(["clone", url, "copy"], in: scratch.url)
        #expect(cloned.status == 0, "\(cloned)")
        let copy = scratch.appending("copy")
        #expect(try Data(contentsOf: copy.appendingPathComponent("data/table.csv")) == Data(("id,x\n" + table).utf8))
        #expect(try String(contentsOf: copy.appendingPathComponent("README"), encoding: .utf8) == "hello\n")
        let fsck = try cloner.run(["fsck"], in: copy)
        #expect(fsck.status == 0, "\(fsck)")

        // Partial clone: only data/ comes now; README is fetched from the bucket when read.
        let partial = try cloner.run(["clone", "--include", "data", url, "part"], in: scratch.url)
        #expect(partial.status == 0, "\(partial)")
        let part = scratch.appending("part")
        #expect(FileManager.default.fileExists(atPath: part.appendingPathComponent("data/table.csv").path))
        #expect(!FileManager.default.fileExists(atPath: part.appendingPathComponent("README").path))
        let cat = try cloner.run(["cat", "main:README"], in: part)
        #expect(cat.status == 0 && cat.stdout == "hello\n", "\(cat)")

        // Wrong credentials: one line, non-zero status, nothing changed.
        let intruder = try CLIRunner(
            extraEnvironment: ["AWS_ACCESS_KEY_ID": server.credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": "wrong"])
        let refused = try intruder.run(["push", "origin", "main"], in: local)
        #expect(refused.status == 128)
        #expect(refused.stderr.hasPrefix("fatal: ") && refused.stderr.contains("refused: HTTP 403"), "\(refused)")
    }
}
