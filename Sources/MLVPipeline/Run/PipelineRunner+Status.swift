import MLVCompute
import MLVRepository

extension PipelineRunner {
    /// The stages `mlv run` would run, in run order: those without a run record for their
    /// current fingerprint or whose outputs in the worktree are not that record's, and every
    /// stage downstream of one (for `mlv status`). Nothing is run or stored.
    public func outOfDateStages() throws -> [String] {
        let file = try pipeline()
        let compute = try ComputeContext(threads: 1)
        let cache = RunCache(layout: repository.layout)
        var stale: [String] = []
        for name in file.graph.order {
            guard let stage = file.stage(named: name) else { continue }
            let plugin = stage.pluginName.flatMap(options.plugins)
            let environment = RunEnvironment(
                pluginVersion: plugin.map { $0.version }, mlvVersion: options.mlvVersion,
                computeVersion: ComputeCore.version, kernelSignature: compute.variant.signature)
            let before = try worktreeFiles(under: stage.deps)
            let fingerprint = try StageFingerprint(stage: stage, environment: environment) { before.files(under: $0) }
            let outputs = try worktreeFiles(under: stage.writes).ids(under: stage.writes)
            if try cache.record(for: fingerprint)?.outputs != outputs { stale.append(name) }
        }
        let affected = Set(stale).union(try file.graph.downstream(of: stale))
        return file.graph.order.filter(affected.contains)
    }
}
