import Foundation
import MLVCompute
import MLVRepository
import MLVStorage

/// Runs the stages of `mlv.yaml` that are out of date, in dependency order, and keeps their run
/// records in the run cache (DVC's `repro`, mlv's `mlv run`).
///
/// A stage whose fingerprint (plugin and version or command, parameters, input file ids,
/// compute-core version and kernel variant; docs/PLUGINS.md "Run identity") matches a stored
/// run record is not run again: when the worktree already holds that run's outputs it is up to
/// date, otherwise its outputs are restored from the store.
public struct PipelineRunner {
    public let repository: Repository
    public let options: RunOptions

    public init(repository: Repository, options: RunOptions) {
        self.repository = repository
        self.options = options
    }

    /// Reads `mlv.yaml` (and `params.yaml`) at the worktree root.
    public func pipeline() throws -> PipelineFile {
        let root = repository.layout.root
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent("mlv.yaml").path) else {
            throw PipelineError(
                .invalidPipeline, "no mlv.yaml in \(root.path)", hint: "describe the stages in mlv.yaml")
        }
        let params = FileManager.default.contents(atPath: root.appendingPathComponent(ParamsFile.fileName).path)
        let layout = repository.layout
        return try pipeline(yaml: [UInt8](data), params: params.map { [UInt8]($0) }) { path in
            FileManager.default.fileExists(atPath: layout.worktreeURL(path).path)
        }
    }

    /// Parses a pipeline from the bytes of `mlv.yaml` and `params.yaml`.
    func pipeline(yaml: [UInt8], params: [UInt8]?, exists: @escaping (RepoPath) -> Bool) throws -> PipelineFile {
        let paramsFile = try params.map { try ParamsFile.parse(String(decoding: $0, as: UTF8.self)) }
        let context = PipelineContext(knownPlugins: options.pluginNames, params: paramsFile, exists: exists)
        return try PipelineFile.parse(String(decoding: yaml, as: UTF8.self), context: context)
    }

    /// Runs the pipeline; stops at the first stage that fails (the stages before it keep their
    /// records, so the next run resumes there).
    public func run() throws -> RunReport {
        let file = try pipeline()
        let order = options.targets.isEmpty ? file.graph.order : try file.graph.closure(of: options.targets)
        let compute = try ComputeContext(threads: options.threads)
        let cache = RunCache(layout: repository.layout)
        var outcomes: [StageOutcome] = []
        for name in order {
            guard let stage = file.stage(named: name) else { continue }
            outcomes.append(try run(stage, compute: compute, cache: cache))
        }
        return RunReport(outcomes: outcomes)
    }

    private func run(_ stage: Stage, compute: ComputeContext, cache: RunCache) throws -> StageOutcome {
        let plugin = stage.pluginName.flatMap(options.plugins)
        let external = plugin == nil ? try externalPlugin(for: stage) : nil
        if stage.pluginName != nil && plugin == nil && external == nil {
            throw PipelineError(
                .unknownPlugin, "stage \"\(stage.name)\": no plugin named \"\(stage.pluginName ?? "")\"")
        }
        let environment = RunEnvironment(
            pluginVersion: plugin.map { $0.version } ?? external?.description.version,
            pluginDigest: external?.digest, mlvVersion: options.mlvVersion,
            computeVersion: ComputeCore.version, kernelSignature: compute.variant.signature)
        let before = try worktreeFiles(under: stage.deps)
        let fingerprint = try StageFingerprint(stage: stage, environment: environment) { before.files(under: $0) }
        if !options.force, let record = try cache.record(for: fingerprint) {
            let current = try worktreeFiles(under: stage.writes).ids(under: stage.writes)
            if current == record.outputs { return StageOutcome(stage: stage.name, status: .upToDate, record: record) }
            if record.outputs.values.allSatisfy(repository.hasFile) {
                for (path, id) in record.outputs.sorted(by: { $0.key < $1.key }) {
                    try repository.restoreFile(path, id: id)
                }
                return StageOutcome(stage: stage.name, status: .restored, record: record)
            }
        }
        let seed = Self.seed(try Self.pluginParameters(stage).values)
        // The inputs go into the store too, so that the record can always be reproduced.
        _ = try repository.storeWorktreeFiles(before.files.map(\.path))
        let started = options.clock?()
        let metrics = try execute(
            stage, plugin: plugin, external: external?.runner, seed: seed, compute: compute)
        let finished = options.clock?()
        let produced = try worktreeFiles(under: stage.writes)
        for out in stage.outs where produced.files(under: out).isEmpty {
            throw PipelineError(.stageFailed, "stage \"\(stage.name)\" did not write '\(out)'")
        }
        let stored = produced.files.map(\.path)
        let ids = try repository.storeWorktreeFiles(stored)
        let after = FileIDIndex(zip(stored, ids).map { ($0, $1) })
        var record = RunRecord(
            stage: stage, environment: environment, seed: seed, fingerprint: fingerprint, before: before,
            after: after, metrics: metrics)
        record.started = started
        record.duration = finished.flatMap { end in started.map { end - $0 } }
        try cache.store(record)
        return StageOutcome(stage: stage.name, status: .ran, record: record)
    }

    /// The `seed` parameter as an unsigned integer, else 0.
    static func seed(_ params: [String: ParameterValue]) -> UInt64 {
        if case .number(let value) = params["seed"], value >= 0, value < 1.8e19 { return UInt64(value) }
        return 0
    }

    /// The ids of the files at or under `paths` in the worktree (hashed, not stored).
    func worktreeFiles(under paths: [RepoPath]) throws -> FileIDIndex {
        let fileManager = FileManager.default
        func type(_ url: URL) -> FileAttributeType? {
            (try? fileManager.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
        }
        var files: [(RepoPath, ObjectID)] = []
        for path in paths {
            let url = repository.layout.worktreeURL(path)
            guard let kind = type(url) else { continue }
            guard kind == .typeDirectory else {
                files.append((path, try repository.worktreeFileID(path)))
                continue
            }
            for name in (fileManager.subpaths(atPath: url.path) ?? []).sorted()
            where type(url.appendingPathComponent(name)) != .typeDirectory {
                guard let child = RepoPath(path.isRoot ? name : "\(path.rawValue)/\(name)") else { continue }
                files.append((child, try repository.worktreeFileID(child)))
            }
        }
        return FileIDIndex(files)
    }
}
