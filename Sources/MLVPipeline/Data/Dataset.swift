import MLVCompute

/// A table turned into what a trainer reads: the feature matrix and the target column's values.
public struct Dataset: Sendable {
    /// The encoding the matrix was made with.
    public let encoding: FeatureEncoding
    /// Row-major `rows × width` features.
    public let features: [Double]
    /// The target column's values as written, one per row (empty without a target).
    public let targets: [String]
    /// The number of rows.
    public let rows: Int
    /// The table the data came from.
    public let file: TableFile
    /// The target column, when there is one.
    public let target: String?

    /// Encodes `file` with `encoding`, reading `target` when given.
    /// - Throws: as ``FeatureEncoding/matrix(_:plugin:)``; `.invalidInput` when the target
    ///   column does not exist.
    public init(_ file: TableFile, encoding: FeatureEncoding, target: String?, plugin: String) throws(PipelineError) {
        self.encoding = encoding
        features = try encoding.matrix(file, plugin: plugin)
        rows = file.table.rowCount
        if let target {
            let column = try file.column(target, plugin: plugin)
            targets = (0..<rows).map { file.table.string(row: $0, column: column) }
        } else {
            targets = []
        }
        self.file = file
        self.target = target
    }

    /// The number of feature columns.
    public var width: Int { encoding.width }

    /// The targets as numbers, for regression.
    /// - Throws: `.invalidInput` naming the file, row and column of a missing or non-finite value.
    public func numericTargets(plugin: String) throws(PipelineError) -> [Double] {
        guard let target else { return [] }
        let column = try file.column(target, plugin: plugin)
        return try (0..<rows).map { (row) throws(PipelineError) in
            try file.number(row: row, column: column, plugin: plugin)
        }
    }

    /// The features as a Float32 matrix `[rows, width]` for the compute core.
    public var featureScalars: [Float] { features.map { Float($0) } }
}

extension Dataset {
    /// A classifier's training data: the table, its classes, each row's class index and the
    /// feature matrix.
    static func classification(_ context: PluginRunContext, plugin: String) throws
        -> (data: Dataset, classes: ClassLabels, labels: [Int], x: Tensor)
    {
        let data = try Dataset.load(context, plugin: plugin, requireTarget: true)
        let classes = ClassLabels(values: data.targets)
        let labels = try classes.indices(
            of: data.targets, file: data.file.name, column: data.target ?? "", plugin: plugin)
        let x = try Tensor(shape: Shape([data.rows, data.width]), scalars: data.featureScalars)
        return (data, classes, labels, x)
    }

    /// Reads input `input` of `context` with the `target` and `features` parameters: the
    /// features are the named columns, or every column but the target.
    /// - Throws: `.invalidParameter` when `target` is required and missing or a parameter has the
    ///   wrong type; as ``TableFile`` and ``FeatureEncoding`` for the table.
    public static func load(
        _ context: PluginRunContext, input: Int = 0, plugin: String, requireTarget: Bool
    ) throws(PipelineError) -> Dataset {
        let parameters = context.parameters
        let target =
            requireTarget
            ? try parameters.string("target", plugin: plugin) : try parameters.optionalString("target", plugin: plugin)
        let features = parameters["features"] == nil ? nil : try parameters.strings("features", plugin: plugin)
        let file = try TableFile(contentsOf: context.inputs[input], plugin: plugin)
        if let target { _ = try file.column(target, plugin: plugin) }
        let encoding = try FeatureEncoding.fit(
            file, features: features, excluding: target.map { [$0] } ?? [], plugin: plugin)
        return try Dataset(file, encoding: encoding, target: target, plugin: plugin)
    }
}
