import Foundation
import MLVCompute
import MLVRepository

extension PipelineRunner {
    /// Runs one stage's plugin or command in the worktree and returns its metrics.
    func execute(_ stage: Stage, plugin: (any TrainingPlugin.Type)?, seed: UInt64, compute: ComputeContext) throws
        -> [String: Double]
    {
        let layout = repository.layout
        for out in stage.writes {
            try FileManager.default.createDirectory(
                at: layout.worktreeURL(out).deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        if let plugin {
            let instance = plugin.init()
            let parameters = PluginParameters(stage.resolvedParams)
            try instance.validate(parameters, inputs: stage.deps.count, outputs: stage.outs.count)
            let context = PluginRunContext(
                inputs: stage.deps.map(layout.worktreeURL), outputs: stage.outs.map(layout.worktreeURL),
                metrics: stage.metrics.map(layout.worktreeURL), parameters: parameters, seed: seed, compute: compute)
            do {
                return try instance.run(context).metrics
            } catch let error as PipelineError {
                throw error
            } catch {
                throw PipelineError(.stageFailed, "stage \"\(stage.name)\": \(error)")
            }
        }
        guard case .command(let command) = stage.action else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = layout.root
        process.environment = options.commandEnvironment.merging(["MLV_STAGE": stage.name]) { $1 }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw PipelineError(
                .stageFailed, "stage \"\(stage.name)\": command exited with status \(process.terminationStatus)")
        }
        return try stage.metrics.map { try Self.metrics(in: layout.worktreeURL($0), stage: stage.name) } ?? [:]
    }

    /// The numbers of a JSON metrics file (nested objects are flattened with dots).
    static func metrics(in url: URL, stage: String) throws -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [:] }
        // JSON is YAML, so the YAML reader the pipeline file uses reads it too.
        let value = try YAMLValue.parse(String(decoding: data, as: UTF8.self), file: url.lastPathComponent)
        guard case .mapping = value else {
            throw PipelineError(.stageFailed, "stage \"\(stage)\": metrics file '\(url.lastPathComponent)' is not an object")
        }
        var out: [String: Double] = [:]
        func walk(_ value: YAMLValue, _ prefix: String) {
            switch value {
            case .number(let number): out[prefix] = number
            case .mapping(let entries):
                for (key, inner) in entries { walk(inner, prefix.isEmpty ? key : "\(prefix).\(key)") }
            default: break
            }
        }
        walk(value, "")
        return out
    }
}
