import Foundation
import MLVFormats

/// The per-class means of a table's features, and the classifier they define.
struct NearestCentroidModel {
    /// The class labels, sorted: row `i` of ``centroids`` belongs to `classes[i]`.
    var classes: [String]
    /// The feature names, in file order.
    var features: [String]
    /// One mean vector per class.
    var centroids: [[Double]]
    /// How many training rows each class had.
    var counts: [Int]

    /// Learns the centroids; sums run in row order, so the result is the same on every run.
    /// - Complexity: O(rows × features).
    init(table: NearestCentroidTable) {
        classes = Array(Set(table.labels)).sorted()
        features = table.features
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        var sums = [[Double]](repeating: [Double](repeating: 0, count: features.count), count: classes.count)
        var counts = [Int](repeating: 0, count: classes.count)
        for (row, label) in zip(table.rows, table.labels) {
            guard let k = index[label] else { continue }
            counts[k] += 1
            for j in row.indices { sums[k][j] += row[j] }
        }
        centroids = zip(sums, counts).map { sum, count in sum.map { $0 / Double(count) } }
        self.counts = counts
    }

    /// The index of the class whose centroid is closest to `row` (ties go to the first class).
    func predict(_ row: [Double]) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for (k, centroid) in centroids.enumerated() {
            var distance = 0.0
            for j in row.indices {
                let d = row[j] - centroid[j]
                distance += d * d
            }
            if distance < bestDistance {
                best = k
                bestDistance = distance
            }
        }
        return best
    }

    /// The fraction of the table's rows whose class is predicted correctly.
    func accuracy(on table: NearestCentroidTable) -> Double {
        var correct = 0
        for (row, label) in zip(table.rows, table.labels) where classes[predict(row)] == label { correct += 1 }
        return Double(correct) / Double(max(table.rows.count, 1))
    }

    /// The model file: `centroids` (f64, classes × features) and `counts` (i64), with the class
    /// labels, feature names and target column in the metadata as JSON arrays.
    func safetensors(target: String) throws -> [UInt8] {
        let tensors = [
            try SafetensorsTensor(
                name: "centroids", shape: [classes.count, features.count], doubles: centroids.flatMap { $0 }),
            try SafetensorsTensor(name: "counts", shape: [classes.count], int64s: counts.map(Int64.init)),
        ]
        let metadata = [
            "plugin": "nearest-centroid", "plugin_version": "1", "target": target,
            "classes": try Self.jsonArray(classes), "features": try Self.jsonArray(features),
        ]
        return try SafetensorsFile(tensors: tensors, metadata: metadata).encode()
    }

    private static func jsonArray(_ strings: [String]) throws -> String {
        String(
            decoding: try JSONSerialization.data(withJSONObject: strings, options: [.withoutEscapingSlashes]),
            as: UTF8.self)
    }
}
