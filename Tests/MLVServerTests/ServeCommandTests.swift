import Foundation
import MLVRemote
import MLVRepository
import MLVTestSupport
import Testing

/// `mlv serve` as a process: it prints where it listens, serves, and ends cleanly on SIGTERM.
@Suite struct ServeCommandTests {
    @Test("serve prints its address, answers with the transport, and exits 0 on SIGTERM")
    func serveAndTerminate() async throws {
        let cli = try CLIRunner()
        let root = try ServerRoot()
        try root.makeRepository("one")
        try root.makeRepository("two/deep")
        let scratch = try TempDirectory(prefix: "serve-cli")
        let tokens = scratch.appending("tokens")
        try Data("read r1\nwrite w1\n".utf8).write(to: tokens)
        let serve = try ServeProcess(
            cli: cli, arguments: ["--root", root.url.path, "--token-file", tokens.path], scratch: scratch)
        #expect(serve.baseURL.hasPrefix("http://127.0.0.1:"))
        let base = try #require(URL(string: serve.baseURL))
        let refs = try await HTTPTransport(url: base.appendingPathComponent("two/deep"), token: "r1").listRefs()
        #expect(refs.head == "refs/heads/main")
        let denied = await #expect(throws: RemoteError.self) {
            try await HTTPTransport(url: base.appendingPathComponent("one"), token: nil).listRefs()
        }
        #expect(denied?.code == .unauthorized)
        #expect(serve.terminate() == 0)
        #expect(serve.process.terminationReason == .exit)
    }

    @Test("SIGTERM during a download: the response in flight completes, later requests get 503, exit 0")
    func terminateDuringDownload() async throws {
        let cli = try CLIRunner()
        let root = try ServerRoot()
        try root.makeRepository("data")
        let scratch = try TempDirectory(prefix: "serve-cli")
        let serve = try ServeProcess(cli: cli, arguments: ["--root", root.url.path], scratch: scratch)
        let url = try #require(URL(string: serve.baseURL + "/data"))
        let source = try SourceRepository()
        try source.commit(
            Dictionary(uniqueKeysWithValues: (0..<12).map { ("f\($0).bin", UInt64($0)) }), size: 1_000_000)
        let keys = try source.allKeys()
        try await HTTPTransport(url: url, token: nil).upload(try source.packFile(keys, in: source.temp.root)) { _ in }
        var options = HTTPTransport.Options()
        options.keysPerDownload = keys.count
        let received = ReceivedObjects()
        let process = serve.process
        try await HTTPTransport(url: url, token: nil, options: options).download(
            keys,
            receive: { object in
                // The first object arrived, so the one request is in flight: stop the server now.
                if received.keys.isEmpty { process.terminate() }
                try received.add(object)
            }, progress: { _ in })
        #expect(received.keys == keys)
        let refused = await #expect(throws: RemoteError.self) {
            try await HTTPTransport(url: url, token: nil).listRefs()
        }
        #expect(refused != nil)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && process.terminationReason == .exit)
    }

    @Test("serve refuses a root that is not a folder and a malformed token file")
    func serveRefusesBadArguments() throws {
        let cli = try CLIRunner()
        let scratch = try TempDirectory(prefix: "serve-cli")
        let missing = try cli.run(["serve", "--root", scratch.appending("absent").path, "--port", "0"], in: nil)
        #expect(missing.status == 128, "\(missing)")
        #expect(missing.stderr.contains("is not a folder"))
        let tokens = scratch.appending("tokens")
        try Data("superuser abc\n".utf8).write(to: tokens)
        let bad = try cli.run(["serve", "--root", scratch.path, "--port", "0", "--token-file", tokens.path], in: nil)
        #expect(bad.status == 128, "\(bad)")
        #expect(bad.stderr.contains("tokens:1"))
    }
}
