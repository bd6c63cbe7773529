import Foundation
import MLVCompute
import MLVFormats

/// Z-scores numeric feature columns: `(x − mean) / std`, with the mean and the population
/// standard deviation computed in Double in row order (a constant column keeps std 1).
///
/// Inputs: one table, and optionally a statistics file written by an earlier run, whose columns,
/// means and standard deviations are then applied instead of computed (to scale a test table
/// as its train table was). Outputs: the table with the feature columns replaced (other columns
/// kept), and optionally the statistics: a safetensors file with the `mean` and `std` vectors
/// (F64) and the usual model metadata. Parameters: `features` (default: every numeric column
/// but `target`) and `target` (a column left as it is); both are ignored when statistics are
/// given.
public struct StandardizePlugin: TrainingPlugin {
    public static let id = "standardize"
    public static let version = "1"
    public static let summary = "z-score numeric columns with their mean and standard deviation"
    static let parameterNames = ["features", "seed", "target"]

    public init() {}

    public func validate(_ parameters: PluginParameters, inputs: Int, outputs: Int) throws(PipelineError) {
        try PluginFiles.requireCounts(
            plugin: Self.id, inputs: inputs, expectedInputs: 1...2, outputs: outputs, expectedOutputs: 1...2)
        try parameters.requireOnly(Self.parameterNames, plugin: Self.id)
        _ = try parameters.optionalString("target", plugin: Self.id)
        if parameters["features"] != nil { _ = try parameters.strings("features", plugin: Self.id) }
    }

    public func run(_ context: PluginRunContext) throws -> PluginRunResult {
        try validate(context.parameters, inputs: context.inputs.count, outputs: context.outputs.count)
        let parameters = context.parameters
        let target = try parameters.optionalString("target", plugin: Self.id)
        let file = try TableFile(contentsOf: context.inputs[0], plugin: Self.id)
        let table = file.table
        let encoding: FeatureEncoding
        let recorded: (means: [Double], stds: [Double])?
        if context.inputs.count > 1 {
            let statistics = try Self.statistics(context.inputs[1])
            encoding = statistics.encoding
            recorded = (statistics.means, statistics.stds)
        } else {
            encoding = try Self.encoding(file, parameters: parameters, target: target)
            recorded = nil
        }
        let columns = try encoding.columns.map { (column) throws(PipelineError) in
            try file.column(column.name, plugin: Self.id)
        }
        let matrix = try encoding.matrix(file, plugin: Self.id)
        let (means, stds) = recorded ?? Self.moments(matrix, rows: table.rowCount, width: columns.count)

        var writer = CSVWriter(dialect: table.dialect, usesCRLF: table.usesCRLF, byteOrderMark: table.hasByteOrderMark)
        writer.write(strings: table.header)
        for row in 0..<table.rowCount {
            var fields = table.strings(row: row)
            for (k, column) in columns.enumerated() {
                fields[column] = String((matrix[row * columns.count + k] - means[k]) / stds[k])
            }
            writer.write(strings: fields)
        }
        try PluginFiles.write(writer.bytes, to: context.outputs[0], plugin: Self.id)
        if context.outputs.count > 1 {
            let model = try ModelFile(
                kind: .standardize, plugin: Self.self, encoding: encoding, target: target, classes: nil,
                hyperparameters: parameters.values, seed: context.seed, tensors: try Self.tensors(means, stds))
            try PluginFiles.write(model.encode(), to: context.outputs[1], plugin: Self.id)
        }
        return try MetricsFile.finish(
            ["columns": Double(columns.count), "rows": Double(table.rowCount)], context: context, plugin: Self.id)
    }

    /// The numeric feature columns to standardize: `features`, or every numeric column but
    /// `target`.
    private static func encoding(
        _ file: TableFile, parameters: PluginParameters, target: String?
    ) throws(PipelineError) -> FeatureEncoding {
        let table = file.table
        let names: [String]
        if parameters["features"] != nil {
            names = try parameters.strings("features", plugin: id)
            for name in names where !file.isNumeric(column: try file.column(name, plugin: id)) {
                throw PipelineError(
                    .invalidParameter,
                    "\(id): parameter features names column \"\(name)\" of \(file.name), which is not numeric")
            }
        } else {
            if let target { _ = try file.column(target, plugin: id) }
            names = table.header.indices.filter { table.header[$0] != target && file.isNumeric(column: $0) }
                .map { table.header[$0] }
        }
        return try FeatureEncoding.fit(file, features: names, excluding: target.map { [$0] } ?? [], plugin: id)
    }

    /// The columns, means and standard deviations of a statistics file this plugin wrote.
    private static func statistics(
        _ url: URL
    ) throws(PipelineError) -> (encoding: FeatureEncoding, means: [Double], stds: [Double]) {
        let name = url.lastPathComponent
        let model = try ModelFile(bytes: try PluginFiles.read(url, plugin: id), name: name, plugin: id)
        guard model.kind == .standardize, model.encoding.columns.allSatisfy({ $0.categories == nil }) else {
            throw PipelineError(.invalidInput, "\(id): \(name) holds a \(model.kind.rawValue) model, not statistics")
        }
        let width = model.encoding.width
        return (
            model.encoding, try model.doubles("mean", count: width, file: name, plugin: id),
            try model.doubles("std", count: width, file: name, plugin: id)
        )
    }

    /// Per-column mean and population standard deviation of a row-major matrix, summed in row
    /// order; a standard deviation of 0 becomes 1 so that constant columns map to 0.
    static func moments(_ matrix: [Double], rows: Int, width: Int) -> (means: [Double], stds: [Double]) {
        var means = [Double](repeating: 0, count: width)
        for row in 0..<rows {
            for k in 0..<width { means[k] += matrix[row * width + k] }
        }
        for k in 0..<width { means[k] /= Double(max(rows, 1)) }
        var variances = [Double](repeating: 0, count: width)
        for row in 0..<rows {
            for k in 0..<width {
                let d = matrix[row * width + k] - means[k]
                variances[k] += d * d
            }
        }
        let stds = variances.map { variance in
            let std = (variance / Double(max(rows, 1))).squareRoot()
            return std > 0 && std.isFinite ? std : 1
        }
        return (means, stds)
    }

    private static func tensors(_ means: [Double], _ stds: [Double]) throws(PipelineError) -> [SafetensorsTensor] {
        do throws(FormatsError) {
            return [
                try SafetensorsTensor(name: "mean", shape: [means.count], doubles: means),
                try SafetensorsTensor(name: "std", shape: [stds.count], doubles: stds),
            ]
        } catch {
            throw PipelineError(.stageFailed, "\(id): cannot store the statistics: \(error.message)")
        }
    }
}
