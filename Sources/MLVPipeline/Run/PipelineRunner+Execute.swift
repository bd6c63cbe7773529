import Foundation
import MLVCompute
import MLVRepository

extension PipelineRunner {
    /// Runs one stage's plugin or command with the worktree at `root` (the repository's, or a
    /// scratch folder for `mlv repro`) and returns its metrics.
    func execute(
        _ stage: Stage, plugin: (any TrainingPlugin.Type)?, external: ExternalPluginRunner? = nil, seed: UInt64,
        compute: ComputeContext, root: URL? = nil
    ) throws -> [String: Double] {
        let base = root ?? repository.layout.root
        let url = { (path: RepoPath) in base.appendingPathComponent(path.rawValue) }
        for out in stage.writes {
            try FileManager.default.createDirectory(
                at: url(out).deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        if let plugin {
            let instance = plugin.init()
            let parameters = try Self.pluginParameters(stage)
            try instance.validate(parameters, inputs: stage.deps.count, outputs: stage.outs.count)
            let context = PluginRunContext(
                inputs: stage.deps.map(url), outputs: stage.outs.map(url), metrics: stage.metrics.map(url),
                parameters: parameters, seed: seed, compute: compute)
            do {
                return try instance.run(context).metrics
            } catch let error as PipelineError {
                throw error
            } catch {
                throw PipelineError(.stageFailed, "stage \"\(stage.name)\": \(error)")
            }
        }
        if let external {
            let context = PluginRunContext(
                inputs: stage.deps.map(url), outputs: stage.outs.map(url), metrics: stage.metrics.map(url),
                parameters: try Self.pluginParameters(stage), seed: seed, compute: compute)
            return try external.train(stage: stage.name, context: context)
        }
        guard case .command(let command) = stage.action else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = base
        process.environment = options.commandEnvironment.merging(["MLV_STAGE": stage.name]) { $1 }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw PipelineError(
                .stageFailed, "stage \"\(stage.name)\": command exited with status \(process.terminationStatus)")
        }
        return try stage.metrics.map { try Self.metrics(in: url($0), stage: stage.name) } ?? [:]
    }

    /// A plugin stage's parameters by the plugin's names: keys taken from `params.yaml` as
    /// `train.lr` reach the plugin as `lr`.
    static func pluginParameters(_ stage: Stage) throws(PipelineError) -> PluginParameters {
        var values: [String: ParameterValue] = [:]
        for (key, value) in stage.resolvedParams.sorted(by: { $0.key < $1.key }) {
            let name = key.split(separator: ".").last.map(String.init) ?? key
            guard values.updateValue(value, forKey: name) == nil else {
                throw PipelineError(
                    .invalidParameter, "stage \"\(stage.name)\": two parameters end in \"\(name)\"")
            }
        }
        return PluginParameters(values)
    }

    /// The numbers of a JSON metrics file (nested objects are flattened with dots).
    static func metrics(in url: URL, stage: String) throws -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [:] }
        // JSON is YAML, so the YAML reader the pipeline file uses reads it too.
        let value = try YAMLValue.parse(String(decoding: data, as: UTF8.self), file: url.lastPathComponent)
        guard case .mapping = value else {
            throw PipelineError(
                .stageFailed, "stage \"\(stage)\": metrics file '\(url.lastPathComponent)' is not an object")
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
