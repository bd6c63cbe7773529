import Foundation
import MLVCompute
import MLVPipeline
import MLVTestSupport
import Testing

/// Plugins that break the protocol: each failure is a ``PipelineError`` naming the plugin.
@Suite struct ExternalPluginFailureTests {
    static let describeOK = #"[ "$1" = describe ] && { echo '{"protocol":1,"id":"bad","version":"1"}'; exit 0; }"#

    func trainError(_ body: String, timeout: Double = 30) throws -> PipelineError? {
        let folder = try TempDirectory(prefix: "external")
        let plugin = try writeScriptPlugin("bad", in: folder.url, Self.describeOK + "\n" + body)
        let runner = ExternalPluginRunner(plugin: plugin, timeout: timeout)
        return externalError { _ = try runner.train(stage: "fit", context: try centroidContext(in: folder.url)) }
    }

    @Test("a protocol version mlv does not speak is refused, naming both versions") func protocolMismatch() throws {
        let folder = try TempDirectory(prefix: "external")
        let plugin = try writeScriptPlugin(
            "future", in: folder.url, #"echo '{"protocol":2,"id":"future","version":"9"}'"#)
        let error = externalError { _ = try ExternalPluginRunner(plugin: plugin, timeout: 30).describe() }
        #expect(error?.code == .unknownPlugin)
        #expect(error?.message == "plugin \"future\" speaks protocol version 2, this mlv speaks version 1")
    }

    @Test("describe must name the plugin itself") func wrongID() throws {
        let folder = try TempDirectory(prefix: "external")
        let plugin = try writeScriptPlugin("one", in: folder.url, #"echo '{"protocol":1,"id":"two","version":"1"}'"#)
        let error = externalError { _ = try ExternalPluginRunner(plugin: plugin, timeout: 30).describe() }
        #expect(error?.message.contains("plugin \"one\"") == true)
    }

    @Test("an answer that is not JSON names the plugin") func invalidJSON() throws {
        let error = try trainError("echo 'this is not json'")
        #expect(error?.code == .stageFailed)
        #expect(error?.message.contains("plugin \"bad\": train did not answer with a JSON object") == true)
    }

    @Test("an answer without metrics names the plugin") func missingField() throws {
        let error = try trainError(#"echo '{"protocol":1}'"#)
        #expect(error?.message == "plugin \"bad\": train answer lacks a \"metrics\" object")
    }

    @Test("a metric that is not a number names the plugin and the metric") func booleanMetric() throws {
        let error = try trainError(#"echo '{"protocol":1,"metrics":{"done":true}}'"#)
        #expect(error?.message == "plugin \"bad\": metric \"done\" is not a number")
    }

    @Test("an error answer carries the plugin's message") func errorAnswer() throws {
        let error = try trainError(#"cat >/dev/null; echo '{"protocol":1,"error":"out of cheese"}'; exit 1"#)
        #expect(error?.message == "plugin \"bad\" failed: out of cheese")
    }

    @Test("a non-zero exit without an answer names the stage and plugin") func exitStatus() throws {
        let error = try trainError("exit 3")
        #expect(error?.message == "stage \"fit\": plugin \"bad\" train exited with status 3")
    }

    @Test("an output the plugin did not write fails the run") func missingOutput() throws {
        let error = try trainError(#"cat >/dev/null; echo '{"protocol":1,"metrics":{}}'"#)
        #expect(error?.message == "stage \"fit\": plugin \"bad\" did not write 'model.safetensors'")
    }

    @Test("a plugin past the timeout is killed, naming stage, plugin and timeout") func timeout() throws {
        let error = try trainError("exec sleep 30", timeout: 0.5)
        #expect(error?.code == .stageFailed)
        #expect(error?.message == "stage \"fit\": plugin \"bad\" train ran past the timeout of 0.5s and was killed")
    }

    @Test("discovery looks in PATH first, then .mlv/plugins") func discovery() throws {
        let folder = try TempDirectory(prefix: "external")
        let bin = folder.appending("bin")
        let repo = folder.appending("repo")
        let plugins = repo.appendingPathComponent(".mlv/plugins")
        for url in [bin, plugins] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        try writeScriptPlugin("both", in: bin, "true")
        try writeScriptPlugin("both", in: plugins, "true")
        try writeScriptPlugin("local", in: plugins, "true")
        try Data().write(to: plugins.appendingPathComponent("mlv-plugin-notexec"))
        let path = "/nonexistent:\(bin.path)"
        #expect(ExternalPlugin.discover(path: path, repositoryRoot: repo) == ["both", "local"])
        #expect(
            ExternalPlugin.find("both", path: path, repositoryRoot: repo)?.executable.path.hasPrefix(bin.path) == true)
        #expect(ExternalPlugin.find("local", path: nil, repositoryRoot: repo) != nil)
        #expect(ExternalPlugin.find("notexec", path: path, repositoryRoot: repo) == nil)
        #expect(ExternalPlugin.find("../x", path: path, repositoryRoot: repo) == nil)
    }
}
