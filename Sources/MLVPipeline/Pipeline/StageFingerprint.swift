import MLVRepository
import MLVStorage

/// The identity of one run of a stage, and the key of the run cache: SHA-256 over a canonical
/// encoding of everything that decides the stage's outputs (docs/PLUGINS.md, "Run identity").
///
/// Two runs with equal fingerprints ran the same code (plugin id and version, or the same
/// command; the same external executable; the same compute core and kernel variant) with the
/// same parameters on the same input bytes, writing to the same paths.
public struct StageFingerprint: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first line of the hashed bytes; changes when the encoding does.
    static let header = "mlv-run-fingerprint 1\n"

    /// The SHA-256 of ``canonicalBytes(stage:environment:fileIDs:)``.
    public let id: ObjectID

    public init(id: ObjectID) {
        self.id = id
    }

    /// Computes the fingerprint of `stage` run in `environment`.
    ///
    /// - Parameter fileIDs: the file ids under a dep: for a file its own (path, id), for a
    ///   folder every file under it, in any order (they are sorted here); empty when missing.
    /// - Throws: `unknownPlugin` when a plugin stage has no version in `environment`;
    ///   `invalidInput` when `fileIDs` returns a path outside the dep; what `fileIDs` throws.
    public init(
        stage: Stage, environment: RunEnvironment, fileIDs: (RepoPath) throws -> [(RepoPath, ObjectID)]
    ) throws {
        let bytes = try Self.canonicalBytes(stage: stage, environment: environment, fileIDs: fileIDs)
        id = SHA256Hasher.hash(bytes)
    }

    /// The bytes hashed: the header line, then fields `<name> SP <decimal byte count> LF
    /// <bytes> LF` in a fixed order (docs/PLUGINS.md, "Run identity").
    public static func canonicalBytes(
        stage: Stage, environment: RunEnvironment, fileIDs: (RepoPath) throws -> [(RepoPath, ObjectID)]
    ) throws -> [UInt8] {
        var out = Array(header.utf8)
        func field(_ name: String, _ value: [UInt8]) {
            out += Array("\(name) \(value.count)\n".utf8)
            out += value
            out.append(UInt8(ascii: "\n"))
        }
        func field(_ name: String, _ value: String) { field(name, Array(value.utf8)) }

        switch stage.action {
        case .plugin(let plugin):
            guard let version = environment.pluginVersion else {
                throw PipelineError(
                    .unknownPlugin, "stage \"\(stage.name)\": no version known for plugin \"\(plugin)\"")
            }
            field("plugin-id", plugin)
            field("plugin-version", version)
        case .command(let command):
            field("cmd", command)
        }
        if let digest = environment.pluginDigest { field("plugin-digest", digest.description) }
        field("params", CanonicalJSON(parameters: stage.resolvedParams).bytes)
        field("compute-version", environment.computeVersion)
        field("kernel-variant", environment.kernelSignature)
        for dep in stage.deps {
            field("dep", dep.rawValue)
            let files = try fileIDs(dep).sorted { $0.0 < $1.0 }
            for (path, id) in files {
                guard path.isWithin(dep) else {
                    throw PipelineError(
                        .invalidInput, "stage \"\(stage.name)\": file \"\(path)\" was listed for dep \"\(dep)\"")
                }
                field("file", "\(id) \(path.rawValue)")
            }
        }
        for path in stage.outs { field("out", path.rawValue) }
        if let metrics = stage.metrics { field("metrics", metrics.rawValue) }
        return out
    }

    /// 64 lowercase hex digits.
    public var description: String { id.description }

    public static func < (lhs: StageFingerprint, rhs: StageFingerprint) -> Bool { lhs.id < rhs.id }
}
