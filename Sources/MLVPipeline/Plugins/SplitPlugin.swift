import MLVCompute
import MLVFormats

/// Splits one table into a train table and a test table, deterministically from the seed.
///
/// Parameters: `test_fraction` (default 0.2, strictly between 0 and 1), `seed`, and `stratify`
/// (a column whose values keep their proportions in both parts). Rows keep their original
/// order and bytes; the header, dialect, line breaks and byte order mark are kept.
public struct SplitPlugin: TrainingPlugin {
    public static let id = "split"
    public static let version = "1"
    public static let summary = "split a table into train and test tables (seeded, optionally stratified)"
    static let parameterNames = ["seed", "stratify", "test_fraction"]

    public init() {}

    public func validate(_ parameters: PluginParameters, inputs: Int, outputs: Int) throws(PipelineError) {
        try PluginFiles.requireCounts(
            plugin: Self.id, inputs: inputs, expectedInputs: 1...1, outputs: outputs, expectedOutputs: 2...2)
        try parameters.requireOnly(Self.parameterNames, plugin: Self.id)
        _ = try testFraction(parameters)
        _ = try parameters.optionalString("stratify", plugin: Self.id)
    }

    public func run(_ context: PluginRunContext) throws -> PluginRunResult {
        try validate(context.parameters, inputs: context.inputs.count, outputs: context.outputs.count)
        let fraction = try testFraction(context.parameters)
        let file = try TableFile(contentsOf: context.inputs[0], plugin: Self.id)
        let table = file.table
        var labels: [Int]?
        if let column = try context.parameters.optionalString("stratify", plugin: Self.id) {
            let index = try file.column(column, plugin: Self.id)
            let values = (0..<table.rowCount).map { table.string(row: $0, column: index) }
            labels = try ClassLabels(values: values).indices(
                of: values, file: file.name, column: column, plugin: Self.id)
        }
        let parts: (train: [Int], test: [Int])
        do {
            parts = try TrainTestSplit.split(
                count: table.rowCount, testFraction: fraction, seed: context.seed, stratifyBy: labels)
        } catch {
            throw PipelineError(.invalidInput, "\(Self.id): cannot split \(file.name): \(error.detail)")
        }
        try PluginFiles.write(Self.rows(parts.train, of: table), to: context.outputs[0], plugin: Self.id)
        try PluginFiles.write(Self.rows(parts.test, of: table), to: context.outputs[1], plugin: Self.id)
        let metrics = ["test_rows": Double(parts.test.count), "train_rows": Double(parts.train.count)]
        return try MetricsFile.finish(metrics, context: context, plugin: Self.id)
    }

    private func testFraction(_ parameters: PluginParameters) throws(PipelineError) -> Double {
        let fraction = try parameters.double("test_fraction", default: 0.2, plugin: Self.id)
        guard fraction > 0, fraction < 1 else {
            throw PipelineError(
                .invalidParameter, "\(Self.id): parameter test_fraction is \(fraction), expected a value in (0, 1)")
        }
        return fraction
    }

    /// The header and the rows `rows` of `table`, each as its original bytes.
    static func rows(_ rows: [Int], of table: CSVTable) -> [UInt8] {
        var writer = CSVWriter(
            dialect: table.dialect, usesCRLF: table.usesCRLF, byteOrderMark: table.hasByteOrderMark)
        writer.writeRaw(table.bytes[table.headerRange])
        for row in rows { writer.writeRaw(table.bytes[table.recordRanges[row]]) }
        return writer.bytes
    }
}
