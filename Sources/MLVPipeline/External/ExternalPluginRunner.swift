import Foundation
import MLVStorage

/// Runs an external plugin's executable: `describe`, then `train` with one JSON request on
/// stdin (docs/PLUGINS.md "External plugins").
///
/// The child's stdout is read whole after it exits; its stderr passes through to the user. A
/// child that runs past ``timeout`` is killed and the run fails with an error naming the stage,
/// the plugin and the timeout.
public struct ExternalPluginRunner: Sendable {
    public let plugin: ExternalPlugin
    /// The longest a `describe` or `train` may run, in seconds.
    public var timeout: Double
    /// The environment the child runs with; nil inherits the caller's.
    public var environment: [String: String]?

    public init(plugin: ExternalPlugin, timeout: Double = 3600, environment: [String: String]? = nil) {
        self.plugin = plugin
        self.timeout = timeout
        self.environment = environment
    }

    /// Runs `describe` and checks the answer.
    public func describe(stage: String? = nil) throws -> ExternalPluginProtocol.Description {
        let output = try invoke("describe", input: [], stage: stage)
        return try ExternalPluginProtocol.description(output, plugin: plugin.name)
    }

    /// Runs `train` with the stage's files and parameters; checks that every output was written.
    /// - Returns: the metrics the plugin reported.
    public func train(stage: String, context: PluginRunContext) throws -> [String: Double] {
        let request = try ExternalPluginProtocol.trainRequest(
            inputs: context.inputs, outputs: context.outputs, metrics: context.metrics,
            parameters: context.parameters, seed: context.seed, threads: context.compute.threads)
        let output = try invoke("train", input: request, stage: stage)
        let metrics = try ExternalPluginProtocol.metrics(output, plugin: plugin.name)
        for output in context.outputs where !FileManager.default.fileExists(atPath: output.path) {
            throw PipelineError(
                .stageFailed,
                "stage \"\(stage)\": plugin \"\(plugin.name)\" did not write '\(output.lastPathComponent)'")
        }
        return metrics
    }

    /// Runs the executable with one argument, `input` on stdin, and returns its stdout.
    func invoke(_ command: String, input: [UInt8], stage: String?) throws -> [UInt8] {
        let scope = stage.map { "stage \"\($0)\": " } ?? ""
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mlv-plugin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inURL = scratch.appendingPathComponent("stdin")
        let outURL = scratch.appendingPathComponent("stdout")
        try Data(input).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let stdin = try FileHandle(forReadingFrom: inURL)
        let stdout = try FileHandle(forWritingTo: outURL)
        defer {
            try? stdin.close()
            try? stdout.close()
        }
        let process = Process()
        process.executableURL = plugin.executable
        process.arguments = [command]
        if let environment { process.environment = environment }
        process.standardInput = stdin
        process.standardOutput = stdout
        do {
            try process.run()
        } catch {
            throw PipelineError(
                .stageFailed, "\(scope)cannot start plugin \"\(plugin.name)\" at '\(plugin.executable.path)': \(error)")
        }
        if !wait(for: process) {
            throw PipelineError(
                .stageFailed,
                "\(scope)plugin \"\(plugin.name)\" \(command) ran past the timeout of \(Self.seconds(timeout)) and was killed"
            )
        }
        let output = [UInt8]((try? Data(contentsOf: outURL)) ?? Data())
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            // An error answer explains the failure better than the exit status.
            if command == "train", !output.isEmpty {
                _ = try ExternalPluginProtocol.metrics(output, plugin: plugin.name)
            }
            let how =
                process.terminationReason == .exit
                ? "exited with status \(process.terminationStatus)"
                : "was killed by signal \(process.terminationStatus)"
            throw PipelineError(.stageFailed, "\(scope)plugin \"\(plugin.name)\" \(command) \(how)")
        }
        return output
    }

    /// Waits for the child; kills it and returns false once ``timeout`` has passed.
    private func wait(for process: Process) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var pause = 1
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                process.terminate()
                let grace = ContinuousClock.now + .seconds(1)
                while process.isRunning && ContinuousClock.now < grace { usleep(10_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                return false
            }
            usleep(UInt32(pause * 1000))
            pause = min(pause * 2, 50)
        }
        process.waitUntilExit()
        return true
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))s" : "\(value)s"
    }
}
