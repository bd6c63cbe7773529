import Foundation
import MLVFormats
import MLVPluginKit

/// A CSV table split into numeric features and the class label of each row.
struct NearestCentroidTable {
    /// The feature columns' names, in file order.
    var features: [String]
    /// One row of feature values per data row, in file order.
    var rows: [[Double]]
    /// The target column's value for each row.
    var labels: [String]

    /// Reads `url`; every column but `target` must hold numbers.
    /// - Throws: ``PluginError`` naming the file, row and column that is wrong.
    init(url: URL, target: String) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PluginError("cannot read '\(url.lastPathComponent)'")
        }
        let table = try CSVTable(bytes: [UInt8](data), dialect: .csv)
        try table.requireRectangular()
        guard let targetColumn = table.header.firstIndex(of: target) else {
            throw PluginError("'\(url.lastPathComponent)' has no column \"\(target)\"")
        }
        let featureColumns = table.header.indices.filter { $0 != targetColumn }
        guard !featureColumns.isEmpty, table.rowCount > 0 else {
            throw PluginError("'\(url.lastPathComponent)' has no feature columns or no rows")
        }
        features = featureColumns.map { table.header[$0] }
        rows = []
        labels = []
        rows.reserveCapacity(table.rowCount)
        for row in 0..<table.rowCount {
            var values: [Double] = []
            for column in featureColumns {
                let text = table.string(row: row, column: column).trimmingCharacters(in: .whitespaces)
                guard let value = Double(text), value.isFinite else {
                    throw PluginError(
                        "'\(url.lastPathComponent)' row \(row + 1) column \"\(table.header[column])\" "
                            + "is not a number: '\(text)'")
                }
                values.append(value)
            }
            rows.append(values)
            labels.append(table.string(row: row, column: targetColumn))
        }
    }
}
