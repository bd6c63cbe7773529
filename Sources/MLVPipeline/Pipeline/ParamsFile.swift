/// `params.yaml`: the shared parameters that stages list by key (`params: [train.lr, seed]`).
///
/// A dotted key looks into nested mappings: `train.lr` is `lr` inside the `train` mapping. A key
/// that names a mapping gives the whole mapping as a ``ParameterValue/table(_:)``.
public struct ParamsFile: Sendable, Equatable {
    /// The file's name in messages.
    public static let fileName = "params.yaml"

    /// The top-level mapping.
    public var values: [String: ParameterValue]

    public init(values: [String: ParameterValue]) {
        self.values = values
    }

    /// Parses the text of `params.yaml`; an empty file has no parameters.
    ///
    /// - Throws: `invalidPipeline` when it is not YAML or its top level is not a mapping;
    ///   `invalidParameter` for a value with no parameter form (null, a non-finite number).
    public static func parse(_ text: String) throws(PipelineError) -> ParamsFile {
        let document = try YAMLValue.parse(text, file: fileName)
        switch document {
        case .null:
            return ParamsFile(values: [:])
        case .mapping(let entries):
            var values: [String: ParameterValue] = [:]
            for entry in entries {
                values[entry.key] = try entry.value.parameterValue(file: fileName, key: entry.key)
            }
            return ParamsFile(values: values)
        default:
            throw PipelineError(
                .invalidPipeline, "\(fileName): the top level is \(document.typeName), not a mapping")
        }
    }

    /// The value at a dotted key, or nil when any component is missing or not a mapping.
    ///
    /// An exact top-level key wins over a dotted path, so a key that itself holds a dot
    /// (`"lr.max": 3`) can still be named.
    public func value(at key: String) -> ParameterValue? {
        if let value = values[key] { return value }
        var current = ParameterValue.table(values)
        for component in key.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .table(let table) = current, let next = table[String(component)] else { return nil }
            current = next
        }
        return current
    }
}
