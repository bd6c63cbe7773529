import MLVRepository

extension PipelineFile {
    /// A list of paths (`deps:`, `outs:`); an empty value is an empty list.
    static func paths(_ value: YAMLValue, key: String, prefix: String) throws(PipelineError) -> [RepoPath] {
        switch value {
        case .null: return []
        case .sequence(let items):
            var paths: [RepoPath] = []
            for item in items {
                let text = try string(item, key: key, prefix: prefix)
                let path = try path(text, key: key, prefix: prefix)
                guard !paths.contains(path) else {
                    throw PipelineError(.invalidPipeline, "\(prefix): \"\(key)\" lists \"\(path)\" twice")
                }
                paths.append(path)
            }
            return paths
        default:
            throw PipelineError(.invalidPipeline, "\(prefix): \"\(key)\" is \(value.typeName), not a list of paths")
        }
    }

    /// A worktree path as written in `mlv.yaml`: relative, `/`-separated; `.` components and a
    /// trailing `/` are dropped. Refuses absolute paths, `..`, anything inside `.mlv`, and the root.
    static func path(_ text: String, key: String, prefix: String) throws(PipelineError) -> RepoPath {
        let described = "\(prefix): \(key) path \"\(text)\""
        guard !text.hasPrefix("/") else {
            throw PipelineError(.invalidPipeline, "\(described) escapes the worktree: paths are relative to its root")
        }
        let components = text.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if components.contains("..") {
            throw PipelineError(.invalidPipeline, "\(described) escapes the worktree")
        }
        if components.contains(".mlv") {
            throw PipelineError(.invalidPipeline, "\(described) points into .mlv")
        }
        guard !components.isEmpty, let path = RepoPath(components.joined(separator: "/")) else {
            throw PipelineError(.invalidPipeline, "\(described) is not a path to a file or folder")
        }
        return path
    }

    /// Fills `resolvedParams`: the inline mapping, or each listed key looked up in `params.yaml`.
    static func resolveParams(_ stage: inout Stage, params: ParamsFile?) throws(PipelineError) {
        switch stage.params {
        case .inline(let values):
            stage.resolvedParams = values
        case .keys(let keys):
            var resolved: [String: ParameterValue] = [:]
            for key in keys {
                guard let value = params?.value(at: key) else {
                    let why =
                        params == nil ? "there is no \(ParamsFile.fileName)" : "it is not in \(ParamsFile.fileName)"
                    throw PipelineError(
                        .invalidParameter,
                        "\(fileName): stage \"\(stage.name)\": params key \"\(key)\" is missing: \(why)")
                }
                resolved[key] = value
            }
            stage.resolvedParams = resolved
        }
    }

    static func checkPlugin(_ stage: Stage, known: Set<String>) throws(PipelineError) {
        guard let plugin = stage.pluginName, !known.contains(plugin) else { return }
        throw PipelineError(
            .unknownPlugin,
            "\(fileName): stage \"\(stage.name)\": unknown plugin \"\(plugin)\" (neither built in nor an mlv-plugin-\(plugin) executable)",
            hint: Spelling.hint(for: plugin, among: known))
    }

    /// No path may be written by two stages, nor lie inside a folder another stage writes.
    static func checkWrites(_ stages: [Stage]) throws(PipelineError) {
        var writers: [(path: RepoPath, stage: String)] = []
        for stage in stages {
            let writes = stage.writes
            for (index, path) in writes.enumerated() where writes[..<index].contains(path) {
                throw PipelineError(.invalidPipeline, "\(fileName): stage \"\(stage.name)\" writes \"\(path)\" twice")
            }
            for path in writes {
                for other in writers where path.isWithin(other.path) || other.path.isWithin(path) {
                    let what =
                        path == other.path
                        ? "\"\(path)\"" : "overlapping paths \"\(other.path)\" and \"\(path)\""
                    throw PipelineError(
                        .invalidPipeline,
                        "\(fileName): stages \"\(other.stage)\" and \"\(stage.name)\" both write \(what)")
                }
            }
            writers += writes.map { ($0, stage.name) }
        }
    }

    /// Every dep is written by some stage or exists in the worktree.
    static func checkDeps(
        _ stages: [Stage], graph: PipelineGraph, exists: (RepoPath) -> Bool
    ) throws(PipelineError) {
        for stage in stages {
            for dep in stage.deps where graph.writers(of: dep).isEmpty && !exists(dep) {
                throw PipelineError(
                    .invalidPipeline,
                    "\(fileName): stage \"\(stage.name)\": dep \"\(dep)\" does not exist and no stage writes it")
            }
        }
    }
}
