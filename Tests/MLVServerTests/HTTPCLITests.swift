import Foundation
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// `mlv push`, `clone`, `fetch` and `pull` over http:// to a real `mlv serve` process.
@Suite struct HTTPCLITests {
    struct Setup {
        let cli: CLIRunner
        let scratch: TempDirectory
        let root: ServerRoot
        let serve: ServeProcess

        init(tokens: String? = nil) throws {
            cli = try CLIRunner()
            scratch = try TempDirectory(prefix: "http-cli")
            root = try ServerRoot()
            var arguments = ["--root", root.url.path]
            if let tokens {
                let file = scratch.appending("tokens")
                try Data(tokens.utf8).write(to: file)
                arguments += ["--token-file", file.path]
            }
            try cli.run(["init", "--bare", root.url.appendingPathComponent("team/data.mlv").path], in: nil)
            serve = try ServeProcess(cli: cli, arguments: arguments, scratch: scratch)
        }

        var url: String { serve.baseURL + "/team/data.mlv" }

        @discardableResult
        func expect(
            _ status: Int32, _ arguments: [String], in directory: URL?, runner: CLIRunner? = nil,
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws -> CLIResult {
            let result = try (runner ?? cli).run(arguments, in: directory)
            #expect(
                result.status == status, "mlv \(arguments.joined(separator: " "))\n\(result)",
                sourceLocation: sourceLocation)
            return result
        }

        func write(_ directory: URL, _ path: String, _ bytes: [UInt8]) throws {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
    }

    @Test("push, clone, fetch, pull over http with write and read tokens; fsck clean on every side")
    func roundTrip() throws {
        let setup = try Setup(tokens: "write w-secret\nread r-secret\n")
        defer { _ = setup.serve.terminate() }
        let local = setup.scratch.appending("local")
        try setup.expect(0, ["init", local.path], in: nil)
        var rng = SplitMix64(seed: 42)
        let big = rng.bytes(3_000_000)
        try setup.write(local, "data/weights.bin", big)
        try setup.write(local, "data/table.csv", Array("id,x\n1,2\n".utf8))
        try setup.expect(0, ["add", "."], in: local)
        try setup.expect(0, ["commit", "-q", "-m", "first"], in: local)
        try setup.expect(0, ["remote", "add", "origin", setup.url], in: local)

        let anonymous = try setup.expect(128, ["push", "origin", "main"], in: local)
        #expect(anonymous.stderr.contains("missing or unknown token"), "\(anonymous)")
        #expect(try Repository(root: setup.root.url.appendingPathComponent("team/data.mlv")).objects.packNames.isEmpty)

        try setup.expect(0, ["config", "remote.origin.token", "w-secret"], in: local)
        let pushed = try setup.expect(0, ["push", "-u", "origin", "main"], in: local)
        #expect(pushed.stdout.hasPrefix("To \(setup.url)\n * [new branch]      main -> main\n"))

        let reader = try CLIRunner(extraEnvironment: ["MLV_TOKEN": "r-secret"])
        try setup.expect(0, ["clone", setup.url, "copy"], in: setup.scratch.url, runner: reader)
        let copy = setup.scratch.appending("copy")
        #expect(try Data(contentsOf: copy.appendingPathComponent("data/weights.bin")) == Data(big))

        try setup.write(local, "data/table.csv", Array("id,x\n1,2\n3,4\n".utf8))
        try setup.expect(0, ["commit", "-q", "-a", "-m", "second"], in: local)
        try setup.expect(0, ["push"], in: local)
        let fetched = try setup.expect(0, ["fetch"], in: copy, runner: reader)
        #expect(fetched.stdout.hasSuffix(" main -> origin/main\n"), "\(fetched)")
        try setup.expect(0, ["pull"], in: copy, runner: reader)
        #expect(
            try String(contentsOf: copy.appendingPathComponent("data/table.csv"), encoding: .utf8) == "id,x\n1,2\n3,4\n"
        )

        try setup.write(copy, "extra.txt", Array("from the reader\n".utf8))
        try setup.expect(0, ["add", "extra.txt"], in: copy, runner: reader)
        try setup.expect(0, ["commit", "-q", "-m", "reader"], in: copy, runner: reader)
        let refused = try setup.expect(128, ["push"], in: copy, runner: reader)
        #expect(refused.stderr.contains("may read but not write"), "\(refused)")

        try setup.expect(0, ["fsck"], in: local)
        try setup.expect(0, ["fsck"], in: copy)
        try setup.expect(0, ["fsck"], in: setup.root.url.appendingPathComponent("team/data.mlv"))
    }

    @Test("two pushes racing to one branch over http: exactly one wins, the other is told to fetch")
    func racingPushes() throws {
        let setup = try Setup()
        defer { _ = setup.serve.terminate() }
        let base = setup.scratch.appending("base")
        try setup.expect(0, ["init", base.path], in: nil)
        try setup.write(base, "a.txt", Array("base\n".utf8))
        try setup.expect(0, ["add", "."], in: base)
        try setup.expect(0, ["commit", "-q", "-m", "base"], in: base)
        try setup.expect(0, ["remote", "add", "origin", setup.url], in: base)
        try setup.expect(0, ["push", "origin", "main"], in: base)
        var clones: [URL] = []
        for index in 0..<2 {
            let name = "racer\(index)"
            try setup.expect(0, ["clone", setup.url, name], in: setup.scratch.url)
            let clone = setup.scratch.appending(name)
            var rng = SplitMix64(seed: UInt64(index))
            try setup.write(clone, "b.bin", rng.bytes(500_000))
            try setup.expect(0, ["add", "b.bin"], in: clone)
            try setup.expect(0, ["commit", "-q", "-m", name], in: clone)
            clones.append(clone)
        }
        let running = try clones.map { try setup.cli.start(["push"], in: $0) }
        let results = try running.map { try $0.wait() }
        #expect(results.filter { $0.status == 0 }.count == 1, "\(results)")
        let loser = try #require(results.first { $0.status != 0 })
        #expect(loser.status == 128)
        #expect(loser.stderr.contains("fetch"), "\(loser)")
    }
}
