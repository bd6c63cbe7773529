import Foundation
import MLVCompute
import MLVDiff
import MLVObjects
import MLVRepository
import MLVStorage

/// How one stage of a commit's run compared when run again.
public struct ReproStage: Sendable {
    /// One output that came out different, with what the difference is.
    public struct Difference: Sendable {
        public var path: RepoPath
        /// The tensor diff's summary for tensor files, else the sizes.
        public var summary: String
    }

    public var stage: String
    /// Why the run is not the same setup as the recorded one (plugin or kernel version), when so.
    public var environmentNotes: [String]
    /// Every recorded output, in path order.
    public var outputs: [RepoPath]
    public var differences: [Difference]
    /// Where the stage ran, when kept (`--keep`).
    public var scratch: URL?
    public var metricsRecorded: [String: Double]
    public var metricsNow: [String: Double]

    /// True when every output has the recorded bytes.
    public var identical: Bool { differences.isEmpty }
}

extension PipelineRunner {
    /// Runs the stages recorded in `commit`'s run records again, each in a scratch folder from
    /// its recorded input files, and compares every output with the recorded one bit for bit
    /// (`mlv repro`). Tensor outputs that differ get a tensor diff.
    public func repro(_ commitID: ObjectID, stages wanted: Set<String>? = nil, keep: URL? = nil) throws
        -> [ReproStage]
    {
        let commit = try repository.commit(commitID)
        guard let bundleID = commit.runRecord else {
            throw PipelineError(
                .runCache, "commit \(commitID.abbreviated) names no run records",
                hint: "commit the outputs of 'mlv run' with 'mlv run --commit'")
        }
        let records = try RunBundle.decode(try repository.content(.stored(bundleID)))
        let yaml = try file(named: "mlv.yaml", in: commit)
        guard let yaml else { throw PipelineError(.invalidPipeline, "commit \(commitID.abbreviated) has no mlv.yaml") }
        let pipeline = try self.pipeline(yaml: yaml, params: try file(named: ParamsFile.fileName, in: commit)) { _ in
            true
        }
        let compute = try ComputeContext(threads: options.threads)
        var results: [ReproStage] = []
        if let wanted, let unknown = wanted.subtracting(records.map(\.stage)).sorted().first {
            throw PipelineError(
                .invalidInput, "commit \(commitID.abbreviated) has no recorded run of stage \"\(unknown)\"")
        }
        for record in records where wanted?.contains(record.stage) ?? true {
            guard let stage = pipeline.stage(named: record.stage) else {
                throw PipelineError(.invalidPipeline, "stage \"\(record.stage)\" of the run records is not in mlv.yaml")
            }
            results.append(
                try repro(record, stage: stage, compute: compute, keep: keep?.appendingPathComponent(record.stage)))
        }
        return results
    }

    private func repro(_ record: RunRecord, stage: Stage, compute: ComputeContext, keep: URL?) throws -> ReproStage {
        let scratch =
            keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("mlv-repro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: scratch) } }
        for (path, id) in record.inputs.sorted(by: { $0.key < $1.key }) {
            let url = scratch.appendingPathComponent(path.rawValue)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(try repository.content(.stored(id))).write(to: url)
        }
        let plugin = stage.pluginName.flatMap(options.plugins)
        let external = plugin == nil ? try externalPlugin(for: stage) : nil
        if stage.pluginName != nil && plugin == nil && external == nil {
            throw PipelineError(
                .unknownPlugin, "stage \"\(stage.name)\": no plugin named \"\(stage.pluginName ?? "")\"")
        }
        var notes: [String] = []
        if let plugin, plugin.version != record.environment.pluginVersion {
            notes.append(
                "plugin \(plugin.id) is version \(plugin.version), the run used \(record.environment.pluginVersion ?? "none")"
            )
        }
        if let external { notes += external.notes(against: record.environment) }
        if compute.variant.signature != record.environment.kernelSignature {
            notes.append("kernels are \(compute.variant.signature), the run used \(record.environment.kernelSignature)")
        }
        if ComputeCore.version != record.environment.computeVersion {
            notes.append(
                "compute core is version \(ComputeCore.version), the run used \(record.environment.computeVersion)")
        }
        let metrics = try execute(
            stage, plugin: plugin, external: external?.runner, seed: record.seed, compute: compute, root: scratch)
        var differences: [ReproStage.Difference] = []
        for (path, id) in record.outputs.sorted(by: { $0.key < $1.key }) {
            let recorded = try repository.content(.stored(id))
            let now = FileManager.default.contents(atPath: scratch.appendingPathComponent(path.rawValue).path).map {
                [UInt8]($0)
            }
            guard let now else {
                differences.append(.init(path: path, summary: "not written by the new run"))
                continue
            }
            if now == recorded { continue }
            if TensorDiff.looksLikeTensorFile(path: path.rawValue, prefix: recorded.prefix(65536)),
                let diff = try? TensorDiff(old: recorded, new: now, path: path.rawValue)
            {
                differences.append(.init(path: path, summary: diff.summary))
            } else {
                differences.append(
                    .init(path: path, summary: "\(recorded.count) bytes recorded, \(now.count) bytes now"))
            }
        }
        return ReproStage(
            stage: stage.name, environmentNotes: notes, outputs: record.outputs.keys.sorted(),
            differences: differences, scratch: keep, metricsRecorded: record.metrics, metricsNow: metrics)
    }

    /// The bytes of a file at the root of `commit`'s tree, or nil.
    private func file(named name: String, in commit: Commit) throws -> [UInt8]? {
        guard let path = RepoPath(name), let entry = try repository.entry(at: path, inTree: commit.tree) else {
            return nil
        }
        return try repository.content(.stored(entry.id))
    }
}
