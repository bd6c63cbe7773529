import Foundation
import MLVStorage
import MLVTestSupport
import Testing

/// `mlv run` and `mlv repro` with the example external plugin in `.mlv/plugins/`.
@Suite struct ExternalPluginCLITests {
    static let pipeline = """
        stages:
          train:
            plugin: nearest-centroid
            deps: [data.csv]
            params: {target: label}
            outs: [models/centroids.safetensors]
            metrics: metrics/train.json

        """

    /// A repository with a three-class table, the pipeline and the built example plugin.
    func prepared(_ f: CLIFixture) throws -> URL {
        let repo = try f.initRepository()
        var rng = SplitMix64(seed: 9)
        var csv = "x1,x2,label\n"
        for _ in 0..<90 {
            let label = Int(rng.next() % 3)
            let noise = { Double(rng.next() % 1000) / 1000 - 0.5 }
            csv += "\(Double(label) * 3 + noise()),\(Double(-label) * 2 + noise()),c\(label)\n"
        }
        try f.write(repo, "data.csv", csv)
        try f.write(repo, "mlv.yaml", Self.pipeline)
        let built = f.cli.binary.deletingLastPathComponent().appendingPathComponent("mlv-plugin-nearest-centroid")
        try #require(FileManager.default.isExecutableFile(atPath: built.path), "build the example plugin first")
        let plugins = repo.appendingPathComponent(".mlv/plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: built, to: plugins.appendingPathComponent(built.lastPathComponent))
        try f.expect(0, ["add", "."], in: repo)
        try f.expect(0, ["commit", "-m", "data and pipeline"], in: repo)
        return repo
    }

    @Test("a stage runs an external plugin, then is up to date; its run reproduces") func runAndRepro() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        let first = try f.expect(0, ["run"], in: repo).stdout
        #expect(first.hasPrefix("ran         train  accuracy=1 classes=3"))
        #expect(try f.expect(0, ["run"], in: repo).stdout.hasPrefix("up-to-date  train"))
        let model = try Data(contentsOf: repo.appendingPathComponent("models/centroids.safetensors"))
        try f.expect(0, ["run", "--commit", "-m", "Train"], in: repo)
        #expect(try f.expect(0, ["cat", "HEAD:metrics/train.json"], in: repo).stdout.contains("\"accuracy\":1"))
        #expect(
            try f.expect(0, ["repro"], in: repo).stdout
                == "identical  train  metrics/train.json\nidentical  train  models/centroids.safetensors\n")
        #expect(try Data(contentsOf: repo.appendingPathComponent("models/centroids.safetensors")) == model)
    }

    @Test("a changed executable is a different run") func digestInIdentity() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        try f.expect(0, ["run"], in: repo)
        let executable = repo.appendingPathComponent(".mlv/plugins/mlv-plugin-nearest-centroid")
        let handle = try FileHandle(forWritingTo: executable)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        #expect(try f.expect(0, ["run"], in: repo).stdout.hasPrefix("ran         train"))
    }

    @Test("a plugin error reaches the user naming the plugin") func pluginError() throws {
        let f = try CLIFixture()
        let repo = try prepared(f)
        try f.write(repo, "mlv.yaml", Self.pipeline.replacingOccurrences(of: "target: label", with: "target: nope"))
        let result = try f.expect(128, ["run"], in: repo)
        #expect(result.stderr.contains("plugin \"nearest-centroid\" failed: 'data.csv' has no column \"nope\""))
    }
}

/// `mlv run` with plugins that break the protocol: clear errors, stderr passed through.
@Suite struct ExternalPluginProtocolCLITests {
    @Test("a plugin of another protocol version is refused; its stderr reaches the user") func versionMismatch() throws
    {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "data.csv", "x,label\n1,a\n")
        try f.write(
            repo, "mlv.yaml",
            "stages:\n  fit:\n    plugin: future\n    deps: [data.csv]\n    outs: [model.bin]\n")
        try f.write(
            repo, ".mlv/plugins/mlv-plugin-future",
            "#!/bin/sh\necho 'hello from the plugin' >&2\necho '{\"protocol\":2,\"id\":\"future\",\"version\":\"1\"}'\n"
        )
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: repo.appendingPathComponent(".mlv/plugins/mlv-plugin-future").path
        )
        let result = try f.expect(128, ["run"], in: repo)
        #expect(result.stderr.contains("hello from the plugin"))
        #expect(result.stderr.contains("plugin \"future\" speaks protocol version 2, this mlv speaks version 1"))
    }

    @Test("a stage naming no built-in or external plugin is an error") func unknown() throws {
        let f = try CLIFixture()
        let repo = try f.initRepository()
        try f.write(repo, "mlv.yaml", "stages:\n  fit:\n    plugin: nowhere\n    deps: []\n    outs: [model.bin]\n")
        #expect(try f.expect(128, ["run"], in: repo).stderr.contains("nowhere"))
    }
}
