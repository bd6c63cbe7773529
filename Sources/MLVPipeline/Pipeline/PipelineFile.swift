import MLVRepository

/// `mlv.yaml` at the worktree root: the stages of the pipeline (DVC-like), validated.
///
/// ```yaml
/// stages:
///   prepare:
///     cmd: python prepare.py
///     deps: [raw.csv]
///     outs: [data/clean.csv]
///   train:
///     plugin: mlp-classifier
///     deps: [data/clean.csv]
///     params: [train.lr, seed]      # keys of params.yaml, or an inline mapping
///     outs: [model.safetensors]
///     metrics: metrics.json
/// checks:                          # gates of `mlv check` (``Check``)
///   - accuracy >= 0.9
/// drift:                           # thresholds of `mlv drift` (``DriftSettings``)
///   psi: 0.2
/// ```
///
/// Errors name the file, the stage and the key (`mlv.yaml: stage "train": unknown key "dep"`).
public struct PipelineFile: Sendable, Equatable {
    /// The file's name in messages.
    public static let fileName = "mlv.yaml"
    static let topLevelKeys = ["checks", "drift", "stages"]
    static let stageKeys = ["cmd", "deps", "metrics", "outs", "params", "plugin"]

    /// The stages, sorted by name.
    public var stages: [Stage]
    /// The `checks:` section, in order; empty when absent.
    public var checks: [Check]
    /// The `drift:` section; the defaults when absent.
    public var drift: DriftSettings
    /// The stage DAG.
    public var graph: PipelineGraph

    /// The stage called `name`.
    public func stage(named name: String) -> Stage? {
        graph.stage(named: name)
    }

    /// Parses and validates the text of `mlv.yaml`.
    ///
    /// Checks, in order: the shape of every stage (a mapping with exactly one of `plugin`/`cmd`,
    /// known keys, paths inside the worktree and outside `.mlv`), params keys against
    /// `params.yaml`, plugin names, that no path is written by two stages, that every dep is
    /// written by a stage or exists, and that the stages form no cycle.
    /// - Throws: `invalidPipeline`, `invalidParameter` or `unknownPlugin`, naming the stage.
    public static func parse(_ text: String, context: PipelineContext) throws(PipelineError) -> PipelineFile {
        let (stagesValue, checks, drift) = try sections(text)
        var stages: [Stage] = []
        switch stagesValue {
        case .null: break
        case .mapping(let entries):
            for entry in entries {
                stages.append(try parseStage(entry.key, entry.value))
            }
        default:
            throw PipelineError(.invalidPipeline, "\(fileName): \"stages\" is \(stagesValue.typeName), not a mapping")
        }
        stages.sort { $0.name < $1.name }
        for index in stages.indices {
            try resolveParams(&stages[index], params: context.params)
            try checkPlugin(stages[index], known: context.knownPlugins)
        }
        try checkWrites(stages)
        let graph = try PipelineGraph(stages: stages)
        try checkDeps(stages, graph: graph, exists: context.exists)
        return PipelineFile(stages: stages, checks: checks, drift: drift, graph: graph)
    }

    /// Parses only the `checks:` and `drift:` sections (with their validation), leaving the
    /// stages unchecked: what `mlv check` and `mlv drift` need from an `mlv.yaml` of any revision.
    public static func parseGates(_ text: String) throws(PipelineError) -> (checks: [Check], drift: DriftSettings) {
        let (_, checks, drift) = try sections(text)
        return (checks, drift)
    }

    /// The top level split into the stages (unparsed), the checks and the drift settings.
    static func sections(_ text: String) throws(PipelineError) -> (YAMLValue, [Check], DriftSettings) {
        let document = try YAMLValue.parse(text, file: fileName)
        var stagesValue: YAMLValue = .null
        var checks: [Check] = []
        var drift = DriftSettings()
        switch document {
        case .null: break
        case .mapping(let entries):
            for entry in entries {
                switch entry.key {
                case "stages": stagesValue = entry.value
                case "checks": checks = try Check.parseList(entry.value, file: fileName)
                case "drift": drift = try DriftSettings.parse(entry.value, file: fileName)
                default:
                    throw PipelineError(
                        .invalidPipeline, "\(fileName): unknown top-level key \"\(entry.key)\"",
                        hint: Spelling.hint(for: entry.key, among: topLevelKeys))
                }
            }
        default:
            throw PipelineError(.invalidPipeline, "\(fileName): the top level is \(document.typeName), not a mapping")
        }
        return (stagesValue, checks, drift)
    }

    static func parseStage(_ name: String, _ value: YAMLValue) throws(PipelineError) -> Stage {
        guard isValidStageName(name) else {
            throw PipelineError(
                .invalidPipeline,
                "\(fileName): stage name \"\(name)\" is not allowed: use letters, digits, '-', '_' and '.'")
        }
        let prefix = "\(fileName): stage \"\(name)\""
        guard case .mapping(let entries) = value else {
            throw PipelineError(.invalidPipeline, "\(prefix) is \(value.typeName), not a mapping")
        }
        var plugin: String?
        var command: String?
        var stage = Stage(name: name, action: .command(""))
        for entry in entries {
            switch entry.key {
            case "plugin": plugin = try string(entry.value, key: "plugin", prefix: prefix)
            case "cmd": command = try string(entry.value, key: "cmd", prefix: prefix)
            case "deps": stage.deps = try paths(entry.value, key: "deps", prefix: prefix)
            case "outs": stage.outs = try paths(entry.value, key: "outs", prefix: prefix)
            case "metrics":
                let text = try string(entry.value, key: "metrics", prefix: prefix)
                stage.metrics = try path(text, key: "metrics", prefix: prefix)
            case "params": stage.params = try params(entry.value, prefix: prefix)
            default:
                throw PipelineError(
                    .invalidPipeline, "\(prefix): unknown key \"\(entry.key)\"",
                    hint: Spelling.hint(for: entry.key, among: stageKeys))
            }
        }
        switch (plugin, command) {
        case (let plugin?, nil): stage.action = .plugin(plugin)
        case (nil, let command?): stage.action = .command(command)
        case (.some, .some):
            throw PipelineError(.invalidPipeline, "\(prefix) has both \"plugin\" and \"cmd\"; give one of them")
        case (nil, nil):
            throw PipelineError(.invalidPipeline, "\(prefix) has neither \"plugin\" nor \"cmd\"; give one of them")
        }
        return stage
    }

    static func isValidStageName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0))
            }
    }

    static func string(_ value: YAMLValue, key: String, prefix: String) throws(PipelineError) -> String {
        guard case .string(let text) = value, !text.isEmpty else {
            throw PipelineError(.invalidPipeline, "\(prefix): \"\(key)\" is \(value.typeName), not a non-empty string")
        }
        return text
    }

    static func params(_ value: YAMLValue, prefix: String) throws(PipelineError) -> Stage.Params {
        switch value {
        case .null: return .inline([:])
        case .mapping:
            guard case .table(let table) = try value.parameterValue(file: prefix, key: "params") else {
                return .inline([:])
            }
            return .inline(table)
        case .sequence(let items):
            var keys: [String] = []
            for item in items {
                keys.append(try string(item, key: "params", prefix: prefix))
            }
            return .keys(keys)
        default:
            throw PipelineError(
                .invalidPipeline, "\(prefix): \"params\" is \(value.typeName), not a mapping or a list of keys")
        }
    }
}
