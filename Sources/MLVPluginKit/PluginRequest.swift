import Foundation
import MLVCompute

/// One `train` request: the stage's files, parameters and seed, and a compute context with the
/// threads mlv asked for. Paths are absolute.
public struct PluginRequest: Sendable {
    /// The stage's `deps`, in the order `mlv.yaml` lists them.
    public var inputs: [URL]
    /// The stage's `outs`, in order; the plugin writes each of them.
    public var outputs: [URL]
    /// Where the metrics JSON goes, when the stage declares `metrics:` (the kit writes it).
    public var metrics: URL?
    public var params: PluginParams
    /// The run's seed: all randomness derives from it.
    public var seed: UInt64
    /// Ready to use, with the request's thread count.
    public var compute: ComputeContext

    /// The request's fields as they are on the wire.
    private struct Wire: Decodable {
        var inputs: [String]
        var outputs: [String]
        var metrics: String?
        var params: [String: PluginValue]?
        var seed: String
        var threads: Int?
    }

    /// The `protocol` field alone, read first so a newer request is refused by version.
    private struct Version: Decodable {
        var `protocol`: Int?
    }

    /// Decodes the request JSON (docs/PLUGINS.md "External plugins").
    /// - Throws: ``PluginError`` naming the field that is missing or wrong.
    public init(json bytes: [UInt8]) throws {
        let decoder = JSONDecoder()
        guard let version = try? decoder.decode(Version.self, from: Data(bytes)) else {
            throw PluginError("the train request is not a JSON object")
        }
        guard version.protocol == PluginKit.protocolVersion else {
            throw PluginError(
                "the train request speaks protocol \(version.protocol.map(String.init) ?? "none"), "
                    + "this plugin speaks protocol \(PluginKit.protocolVersion)")
        }
        let wire: Wire
        do {
            wire = try decoder.decode(Wire.self, from: Data(bytes))
        } catch {
            throw PluginError("the train request is malformed: \(error)")
        }
        guard let seed = UInt64(wire.seed) else {
            throw PluginError("the train request's \"seed\" is not a decimal string: '\(wire.seed)'")
        }
        let threads = max(wire.threads ?? 1, 1)
        self.inputs = wire.inputs.map { URL(fileURLWithPath: $0) }
        self.outputs = wire.outputs.map { URL(fileURLWithPath: $0) }
        self.metrics = wire.metrics.map { URL(fileURLWithPath: $0) }
        self.params = PluginParams(wire.params ?? [:])
        self.seed = seed
        do {
            self.compute = try ComputeContext(threads: threads)
        } catch {
            throw PluginError("cannot start the compute core with \(threads) threads: \(error)")
        }
    }

    /// The one input file, or an error when the stage has none or several.
    public func singleInput() throws(PluginError) -> URL {
        guard inputs.count == 1, let input = inputs.first else {
            throw PluginError("expected one input, the stage has \(inputs.count)")
        }
        return input
    }

    /// The one output file, or an error when the stage has none or several.
    public func singleOutput() throws(PluginError) -> URL {
        guard outputs.count == 1, let output = outputs.first else {
            throw PluginError("expected one output, the stage has \(outputs.count)")
        }
        return output
    }
}
