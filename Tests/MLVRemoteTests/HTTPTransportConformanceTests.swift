import Foundation
import MLVRemote
import MLVRepository
import MLVTestSupport
import Testing

/// The HTTP transport through the negotiation, against the built `mlv serve` on 127.0.0.1 (the
/// server's own tests are in MLVServerTests; this target stays free of Hummingbird).
@Suite struct HTTPTransportConformanceTests {
    @Test("the HTTP transport passes the transport conformance checks")
    func conformance() async throws {
        let cli = try CLIRunner()
        let root = try TempDirectory(prefix: "serve-root")
        let process = Process()
        let output = root.appending("serve.out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = cli.binary
        process.arguments = ["serve", "--root", root.url.appendingPathComponent("repos").path, "--port", "0"]
        process.environment = cli.environment
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try FileManager.default.createDirectory(
            at: root.url.appendingPathComponent("repos"), withIntermediateDirectories: true)
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var base = ""
        for _ in 0..<600 where base.isEmpty {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                base = String(line.dropFirst("listening on ".count))
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let server = try #require(URL(string: base))
        var count = 0
        try await TransportConformance.check {
            count += 1
            var options = InitOptions()
            options.bare = true
            let name = "remote\(count).mlv"
            _ = try Repository.initialize(at: root.url.appendingPathComponent("repos/\(name)"), options: options)
            return HTTPTransport(url: server.appendingPathComponent(name), token: nil)
        }
        #expect(count == 3)
    }
}
