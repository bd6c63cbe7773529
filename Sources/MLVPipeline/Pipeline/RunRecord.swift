import Foundation
import MLVFormats
import MLVRepository
import MLVStorage

/// Everything needed to run a stage again and to compare the result: what ran (plugin and
/// version, or the command; the external executable's digest; mlv, compute core and kernel
/// variant), with what (parameters, seed, input file ids), and what came out (output file ids,
/// metrics), under the run's ``StageFingerprint``.
///
/// Wall time and dates are deliberately absent: two runs that did the same work give equal
/// records, byte for byte, so `mlv repro` can compare them. The JSON form is specified in
/// docs/FORMAT.md, "Run records and the run cache".
public struct RunRecord: Sendable, Equatable {
    /// The `format` field this build writes and reads; other values are refused.
    public static let formatVersion = 1

    /// The stage's name in `mlv.yaml`.
    public var stage: String
    /// The plugin (by name) or the command that ran.
    public var action: Stage.Action
    /// The versions of the code that ran.
    public var environment: RunEnvironment
    /// The resolved parameters (``Stage/resolvedParams``).
    public var params: [String: ParameterValue]
    public var seed: UInt64
    /// The file id of every input file (files under dep folders included).
    public var inputs: [RepoPath: ObjectID]
    /// The file id of every output file (files under out folders, and the metrics file).
    public var outputs: [RepoPath: ObjectID]
    /// The metrics the run reported, by name.
    public var metrics: [String: Double]
    public var fingerprint: StageFingerprint
    /// When the run started (seconds since 1970, UTC) and how long it took, in seconds; nil when
    /// the caller gave no clock. Kept for people, never compared: `repro` compares outputs.
    public var started: Double?
    public var duration: Double?

    public init(
        stage: String, action: Stage.Action, environment: RunEnvironment, params: [String: ParameterValue],
        seed: UInt64, inputs: [RepoPath: ObjectID], outputs: [RepoPath: ObjectID], metrics: [String: Double],
        fingerprint: StageFingerprint
    ) {
        self.stage = stage
        self.action = action
        self.environment = environment
        self.params = params
        self.seed = seed
        self.inputs = inputs
        self.outputs = outputs
        self.metrics = metrics
        self.fingerprint = fingerprint
    }

    /// The record of a run of `stage`: its inputs are the files at or under its deps in
    /// `before`, its outputs the files at or under its outs and metrics file in `after`.
    public init(
        stage: Stage, environment: RunEnvironment, seed: UInt64, fingerprint: StageFingerprint,
        before: FileIDIndex, after: FileIDIndex, metrics: [String: Double]
    ) {
        self.init(
            stage: stage.name, action: stage.action, environment: environment, params: stage.resolvedParams,
            seed: seed, inputs: before.ids(under: stage.deps), outputs: after.ids(under: stage.writes),
            metrics: metrics, fingerprint: fingerprint)
    }

    /// The canonical JSON bytes (sorted keys, no whitespace), ending without a newline.
    ///
    /// - Throws: `invalidInput` when a metric is not finite (JSON has no NaN or infinity).
    public func canonicalBytes() throws(PipelineError) -> [UInt8] {
        try json().bytes
    }

    /// SHA-256 of the canonical bytes: the value a commit's `run` header names.
    public func id() throws(PipelineError) -> ObjectID {
        SHA256Hasher.hash(try canonicalBytes())
    }

    /// Parses and validates a record.
    ///
    /// - Throws: `invalidPipeline` naming `source` and the field that is missing, of the wrong
    ///   type, malformed or unknown, or an unsupported `format`.
    public static func decode(_ bytes: [UInt8], source: String = "run record") throws(PipelineError) -> RunRecord {
        let parsed: JSONValue
        let value: CanonicalJSON
        do {
            parsed = try JSONParser.parse(bytes[...], context: source)
        } catch {
            throw PipelineError(.invalidPipeline, error.message)
        }
        do {
            value = try CanonicalJSON(parsed)
        } catch {
            throw PipelineError(.invalidPipeline, "\(source): \(error.message)")
        }
        return try RunRecord(json: value, source: source)
    }
}

extension RunRecord: Codable {
    /// Decodes the JSON shape of docs/FORMAT.md with the same validation as ``decode(_:source:)``.
    public init(from decoder: any Decoder) throws {
        try self.init(json: try CanonicalJSON(from: decoder), source: "run record")
    }

    /// Encodes the same fields as ``canonicalBytes()``; only that function fixes the bytes.
    public func encode(to encoder: any Encoder) throws {
        try json().encode(to: encoder)
    }
}
