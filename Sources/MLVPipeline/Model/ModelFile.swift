import MLVCompute
import MLVFormats

/// A trained model as a safetensors file whose header metadata describes it fully, so that
/// `evaluate` can load any model file alone.
///
/// Metadata keys (all values strings; lists and objects as JSON with sorted keys):
/// - `mlv.plugin`, `mlv.plugin_version`: the plugin that wrote the file.
/// - `mlv.model`: the model kind (``Kind``).
/// - `mlv.features`: the matrix columns' names (JSON list).
/// - `mlv.encoding`: the ``FeatureEncoding`` (JSON).
/// - `mlv.target`: the target column, when the model has one.
/// - `mlv.classes`: the class names in class-index order (JSON list), for classifiers.
/// - `mlv.hyperparameters`: the parameters after defaults (JSON object).
/// - `mlv.seed`: the run's seed (decimal).
///
/// The MLP also carries `mlv.widths` and `mlv.activation` (see `MLP.safetensors(metadata:)`).
public struct ModelFile: Sendable {
    /// What the tensors are.
    public enum Kind: String, Sendable {
        /// `weight` `[features]`, `bias` `[1]` (F64).
        case linear
        /// `weight` `[features, classes]`, `bias` `[classes]`.
        case logistic
        /// `w0`, `b0`, … of an `MLP`.
        case mlp
        /// `centroids` `[k, features]` (F64).
        case kmeans
        /// `mean`, `std` `[features]` (F64).
        case standardize
    }

    public var kind: Kind
    public var plugin: String
    public var pluginVersion: String
    public var encoding: FeatureEncoding
    public var target: String?
    public var classes: [String]?
    /// The hyperparameters written (empty for a file that was read: see ``hyperparametersJSON``).
    public var hyperparameters: [String: ParameterValue]
    /// The `mlv.hyperparameters` metadata: the hyperparameters as a JSON object with sorted keys.
    public var hyperparametersJSON: String { file.metadata["mlv.hyperparameters"] ?? "{}" }
    /// The file's tensors and any extra metadata (the MLP's widths and activation).
    public var file: SafetensorsFile

    /// A model of `kind` with `tensors`, trained with `seed`; `extraMetadata` is kept beside the
    /// mlv keys.
    public init(
        kind: Kind, plugin: any TrainingPlugin.Type, encoding: FeatureEncoding, target: String?, classes: [String]?,
        hyperparameters: [String: ParameterValue], seed: UInt64, tensors: [SafetensorsTensor],
        extraMetadata: [String: String] = [:]
    ) throws(PipelineError) {
        self.kind = kind
        self.plugin = plugin.id
        self.pluginVersion = plugin.version
        self.encoding = encoding
        self.target = target
        self.classes = classes
        self.hyperparameters = hyperparameters
        var metadata = extraMetadata
        metadata["mlv.plugin"] = plugin.id
        metadata["mlv.plugin_version"] = plugin.version
        metadata["mlv.model"] = kind.rawValue
        metadata["mlv.features"] = PipelineJSON.string(encoding.encodedNames)
        metadata["mlv.encoding"] = PipelineJSON.string(encoding)
        metadata["mlv.target"] = target
        metadata["mlv.classes"] = classes.map { PipelineJSON.string($0) }
        metadata["mlv.seed"] = String(seed)
        metadata["mlv.hyperparameters"] = PipelineJSON.string(hyperparameters.mapValues(ParameterJSON.init))
        do throws(FormatsError) {
            file = try SafetensorsFile(tensors: tensors, metadata: metadata)
        } catch {
            throw PipelineError(.stageFailed, "\(plugin.id): cannot build the model file: \(error.message)")
        }
    }

    /// The canonical bytes of the file.
    public func encode() -> [UInt8] { file.encode() }

    /// Reads a model file written by a built-in plugin.
    /// - Throws: `.invalidInput` naming the plugin and file when it is not safetensors or lacks
    ///   the mlv metadata.
    public init(bytes: [UInt8], name: String, plugin: String) throws(PipelineError) {
        do throws(FormatsError) {
            file = try SafetensorsFile(bytes: bytes)
        } catch {
            throw PipelineError(.invalidInput, "\(plugin): \(name) is not a safetensors file: \(error.message)")
        }
        let metadata = file.metadata
        func required(_ key: String) throws(PipelineError) -> String {
            guard let value = metadata[key] else {
                throw PipelineError(.invalidInput, "\(plugin): \(name) has no \(key) metadata; not an mlv model file")
            }
            return value
        }
        guard let kind = Kind(rawValue: try required("mlv.model")) else {
            throw PipelineError(
                .invalidInput, "\(plugin): \(name) has unknown model kind \"\(metadata["mlv.model"] ?? "")\"")
        }
        self.kind = kind
        self.plugin = try required("mlv.plugin")
        pluginVersion = try required("mlv.plugin_version")
        guard let encoding = PipelineJSON.decode(FeatureEncoding.self, from: try required("mlv.encoding")) else {
            throw PipelineError(.invalidInput, "\(plugin): \(name) has malformed mlv.encoding metadata")
        }
        self.encoding = encoding
        target = metadata["mlv.target"]
        if let text = metadata["mlv.classes"] {
            guard let classes = PipelineJSON.decode([String].self, from: text) else {
                throw PipelineError(.invalidInput, "\(plugin): \(name) has malformed mlv.classes metadata")
            }
            self.classes = classes
        } else {
            classes = nil
        }
        hyperparameters = [:]
    }

    /// The tensor `name` as Doubles, checking its element count.
    /// - Throws: `.invalidInput` naming the file and tensor when it is missing or has another size.
    public func doubles(_ tensor: String, count: Int, file name: String, plugin: String) throws(PipelineError)
        -> [Double]
    {
        guard let entry = file[tensor], entry.elementCount == count, let values = try? entry.doubles() else {
            throw PipelineError(
                .invalidInput, "\(plugin): \(name) has no tensor \"\(tensor)\" of \(count) numbers")
        }
        return values
    }
}
