import MLVRepository
import MLVStorage

/// The JSON form of a run record (docs/FORMAT.md, "Run records and the run cache").
extension RunRecord {
    static let keys: Set<String> = [
        "cmd", "compute_version", "fingerprint", "format", "inputs", "kernel_variant", "metrics", "mlv_version",
        "outputs", "params", "plugin", "plugin_digest", "seed", "stage", "started", "duration",
    ]

    func json() throws(PipelineError) -> CanonicalJSON {
        var object: [String: CanonicalJSON] = [
            "format": .number(Double(Self.formatVersion)),
            "stage": .string(stage),
            "mlv_version": .string(environment.mlvVersion),
            "compute_version": .string(environment.computeVersion),
            "kernel_variant": .string(environment.kernelSignature),
            "params": CanonicalJSON(parameters: params),
            "seed": .string(String(seed)),
            "inputs": .object(Dictionary(uniqueKeysWithValues: inputs.map { ($0.rawValue, .string($1.description)) })),
            "outputs": .object(
                Dictionary(uniqueKeysWithValues: outputs.map { ($0.rawValue, .string($1.description)) })),
            "fingerprint": .string(fingerprint.description),
        ]
        switch action {
        case .plugin(let id):
            object["plugin"] = .object(["id": .string(id), "version": .string(environment.pluginVersion ?? "")])
        case .command(let command):
            object["cmd"] = .string(command)
        }
        if let digest = environment.pluginDigest { object["plugin_digest"] = .string(digest.description) }
        if let started, started.isFinite { object["started"] = .number(started) }
        if let duration, duration.isFinite { object["duration"] = .number(duration) }
        var metricValues: [String: CanonicalJSON] = [:]
        for name in metrics.keys.sorted() {  // sorted, so the error names the same metric every run
            let value = metrics[name] ?? 0
            guard value.isFinite else {
                throw PipelineError(
                    .invalidInput, "stage \"\(stage)\": metric \"\(name)\" is \(value), not a finite number")
            }
            metricValues[name] = .number(value)
        }
        object["metrics"] = .object(metricValues)
        return .object(object)
    }

    init(json: CanonicalJSON, source: String) throws(PipelineError) {
        guard case .object(let object) = json else {
            throw PipelineError(.invalidPipeline, "\(source): not a JSON object")
        }
        let reader = FieldReader(object: object, source: source)
        if let unknown = object.keys.filter({ !Self.keys.contains($0) }).min() {
            throw PipelineError(.invalidPipeline, "\(source): unknown field \"\(unknown)\"")
        }
        let format = try reader.number("format")
        guard format == Double(Self.formatVersion) else {
            throw PipelineError(
                .invalidPipeline,
                "\(source): format \(CanonicalJSON.format(format)) is not supported (this mlv reads 1)")
        }
        var pluginVersion: String?
        switch (object["plugin"], object["cmd"]) {
        case (.some, nil):
            let plugin = try reader.object("plugin")
            let pluginReader = FieldReader(object: plugin, source: "\(source): plugin")
            action = .plugin(try pluginReader.string("id"))
            pluginVersion = try pluginReader.string("version")
        case (nil, .some): action = .command(try reader.string("cmd"))
        default: throw PipelineError(.invalidPipeline, "\(source): needs exactly one of \"plugin\" and \"cmd\"")
        }
        let digest = try object["plugin_digest"].map { _ throws(PipelineError) in try reader.id("plugin_digest") }
        stage = try reader.string("stage")
        environment = RunEnvironment(
            pluginVersion: pluginVersion, pluginDigest: digest, mlvVersion: try reader.string("mlv_version"),
            computeVersion: try reader.string("compute_version"), kernelSignature: try reader.string("kernel_variant"))
        var params: [String: ParameterValue] = [:]
        let paramsObject = try reader.object("params")
        for key in paramsObject.keys.sorted() {
            guard let parameter = paramsObject[key]?.parameterValue else {
                throw PipelineError(.invalidPipeline, "\(source): params: \"\(key)\" holds null")
            }
            params[key] = parameter
        }
        self.params = params
        guard let seed = UInt64(try reader.string("seed")) else {
            throw PipelineError(.invalidPipeline, "\(source): \"seed\" is not a decimal unsigned 64-bit integer")
        }
        self.seed = seed
        inputs = try reader.files("inputs")
        outputs = try reader.files("outputs")
        var metrics: [String: Double] = [:]
        let metricsObject = try reader.object("metrics")
        for name in metricsObject.keys.sorted() {
            guard case .number(let number)? = metricsObject[name] else {
                throw PipelineError(.invalidPipeline, "\(source): metrics: \"\(name)\" is not a number")
            }
            metrics[name] = number
        }
        self.metrics = metrics
        fingerprint = StageFingerprint(id: try reader.id("fingerprint"))
        if case .number(let value)? = object["started"] { started = value }
        if case .number(let value)? = object["duration"] { duration = value }
    }
}

/// Typed access to a JSON object's fields, with errors naming the source and the field.
private struct FieldReader {
    var object: [String: CanonicalJSON]
    var source: String

    func value(_ key: String) throws(PipelineError) -> CanonicalJSON {
        guard let value = object[key] else {
            throw PipelineError(.invalidPipeline, "\(source): missing field \"\(key)\"")
        }
        return value
    }

    func wrongType(_ key: String, _ expected: String) -> PipelineError {
        PipelineError(.invalidPipeline, "\(source): field \"\(key)\" is not \(expected)")
    }

    func string(_ key: String) throws(PipelineError) -> String {
        guard case .string(let text) = try value(key) else { throw wrongType(key, "a string") }
        return text
    }

    func number(_ key: String) throws(PipelineError) -> Double {
        guard case .number(let number) = try value(key) else { throw wrongType(key, "a number") }
        return number
    }

    func object(_ key: String) throws(PipelineError) -> [String: CanonicalJSON] {
        guard case .object(let members) = try value(key) else { throw wrongType(key, "an object") }
        return members
    }

    func id(_ key: String) throws(PipelineError) -> ObjectID {
        let text = try string(key)
        guard text.utf8.count == 64, let id = ObjectID(hex: text), id.description == text else {
            throw wrongType(key, "64 lowercase hex digits")
        }
        return id
    }

    func files(_ key: String) throws(PipelineError) -> [RepoPath: ObjectID] {
        var files: [RepoPath: ObjectID] = [:]
        let members = try object(key)
        for path in members.keys.sorted() {
            let entry = FieldReader(object: ["id": members[path] ?? .null], source: "\(source): \(key): \"\(path)\"")
            guard !path.isEmpty, let repoPath = RepoPath(path) else {
                throw PipelineError(.invalidPipeline, "\(source): \(key): \"\(path)\" is not a worktree path")
            }
            files[repoPath] = try entry.id("id")
        }
        return files
    }
}
