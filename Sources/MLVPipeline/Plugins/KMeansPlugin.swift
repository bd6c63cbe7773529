import MLVCompute
import MLVFormats

/// k-means clustering: k-means++ seeding from a Philox stream of `seed`, then Lloyd iterations
/// in Double, rows in order, until the assignments stop changing or `iterations` runs out.
///
/// Ties go to the lowest cluster index; a cluster that loses all its rows keeps its centroid.
/// Parameters: `k` (required, ≥ 1 and at most the row count), `iterations` (default 100),
/// `features` (default: every column but `target`), `target` (a column to leave out), `seed`.
/// Input: one table. Outputs: the centroids (`centroids` `[k, features]`, F64, in a model file)
/// and optionally the table with a `cluster` column appended.
public struct KMeansPlugin: TrainingPlugin {
    public static let id = "kmeans"
    public static let version = "1"
    public static let summary = "k-means clustering with k-means++ seeding"
    static let parameterNames = ["features", "iterations", "k", "seed", "target"]

    public init() {}

    public func validate(_ parameters: PluginParameters, inputs: Int, outputs: Int) throws(PipelineError) {
        try PluginFiles.requireCounts(
            plugin: Self.id, inputs: inputs, expectedInputs: 1...1, outputs: outputs, expectedOutputs: 1...2)
        try parameters.requireOnly(Self.parameterNames, plugin: Self.id)
        _ = try parameters.int("k", plugin: Self.id, in: 1...Int.max)
        _ = try parameters.int("iterations", default: 100, plugin: Self.id, in: 1...Int.max)
        _ = try parameters.optionalString("target", plugin: Self.id)
        if parameters["features"] != nil { _ = try parameters.strings("features", plugin: Self.id) }
    }

    public func run(_ context: PluginRunContext) throws -> PluginRunResult {
        try validate(context.parameters, inputs: context.inputs.count, outputs: context.outputs.count)
        let parameters = context.parameters
        let k = try parameters.int("k", plugin: Self.id)
        let iterations = try parameters.int("iterations", default: 100, plugin: Self.id)
        let data = try Dataset.load(context, plugin: Self.id, requireTarget: false)
        guard k <= data.rows else {
            throw PipelineError(
                .invalidParameter,
                "\(Self.id): parameter k is \(k), more than the \(data.rows) rows of \(data.file.name)")
        }
        var rng = Philox(seed: context.seed)
        var centroids = try Self.seed(data.features, rows: data.rows, width: data.width, k: k, rng: &rng)
        var assignment = [Int](repeating: -1, count: data.rows)
        var performed = 0
        for _ in 0..<iterations {
            let next = Self.assign(data.features, width: data.width, centroids: centroids).clusters
            if next == assignment { break }
            assignment = next
            centroids = Self.update(data.features, width: data.width, assignment: assignment, centroids: centroids)
            performed += 1
        }
        let (clusters, inertia) = Self.assign(data.features, width: data.width, centroids: centroids)
        var hyper = parameters.values
        hyper["k"] = .number(Double(k))
        hyper["iterations"] = .number(Double(iterations))
        let model = try ModelFile(
            kind: .kmeans, plugin: Self.self, encoding: data.encoding, target: data.target, classes: nil,
            hyperparameters: hyper, seed: context.seed,
            tensors: [try SafetensorsTensor(name: "centroids", shape: [k, data.width], doubles: centroids)])
        try PluginFiles.write(model.encode(), to: context.outputs[0], plugin: Self.id)
        if context.outputs.count > 1 {
            let table = data.file.table
            var writer = CSVWriter(
                dialect: table.dialect, usesCRLF: table.usesCRLF, byteOrderMark: table.hasByteOrderMark)
            writer.write(strings: table.header + ["cluster"])
            for row in 0..<table.rowCount { writer.write(strings: table.strings(row: row) + [String(clusters[row])]) }
            try PluginFiles.write(writer.bytes, to: context.outputs[1], plugin: Self.id)
        }
        return try MetricsFile.finish(
            ["inertia": inertia, "iterations": Double(performed)], context: context, plugin: Self.id)
    }

    /// k-means++: the first centroid is a uniform row; each next one is a row drawn with
    /// probability proportional to its squared distance to the nearest centroid so far (a
    /// uniform row when every distance is 0).
    static func seed(
        _ x: [Double], rows: Int, width: Int, k: Int, rng: inout Philox
    ) throws(ComputeError) -> [Double] {
        var chosen = [try rng.nextInt(below: rows)]
        var nearest = (0..<rows).map { distance(x, $0, x, chosen[0], width: width) }
        while chosen.count < k {
            var total = 0.0
            for value in nearest { total += value }
            var pick = rows - 1
            if total > 0 {
                let target = rng.nextDouble() * total
                var cumulative = 0.0
                for row in 0..<rows {
                    cumulative += nearest[row]
                    if cumulative > target {
                        pick = row
                        break
                    }
                }
            } else {
                pick = try rng.nextInt(below: rows)
            }
            chosen.append(pick)
            for row in 0..<rows { nearest[row] = min(nearest[row], distance(x, row, x, pick, width: width)) }
        }
        return chosen.flatMap { x[($0 * width)..<(($0 + 1) * width)] }
    }

    /// Each row's nearest centroid (lowest index on ties) and the sum of squared distances.
    static func assign(_ x: [Double], width: Int, centroids: [Double]) -> (clusters: [Int], inertia: Double) {
        let rows = width == 0 ? 0 : x.count / width
        let k = width == 0 ? 0 : centroids.count / width
        var clusters: [Int] = []
        clusters.reserveCapacity(rows)
        var inertia = 0.0
        for row in 0..<rows {
            var best = 0
            var bestDistance = Double.infinity
            for cluster in 0..<k {
                let d = distance(x, row, centroids, cluster, width: width)
                if d < bestDistance {
                    best = cluster
                    bestDistance = d
                }
            }
            clusters.append(best)
            inertia += bestDistance
        }
        return (clusters, inertia)
    }

    /// The mean of each cluster's rows, summed in row order; empty clusters keep their centroid.
    static func update(_ x: [Double], width: Int, assignment: [Int], centroids: [Double]) -> [Double] {
        let k = centroids.count / width
        var sums = [Double](repeating: 0, count: centroids.count)
        var counts = [Int](repeating: 0, count: k)
        for (row, cluster) in assignment.enumerated() {
            counts[cluster] += 1
            for j in 0..<width { sums[cluster * width + j] += x[row * width + j] }
        }
        var result = centroids
        for cluster in 0..<k where counts[cluster] > 0 {
            for j in 0..<width { result[cluster * width + j] = sums[cluster * width + j] / Double(counts[cluster]) }
        }
        return result
    }

    /// The squared Euclidean distance between row `i` of `a` and row `j` of `b`.
    static func distance(_ a: [Double], _ i: Int, _ b: [Double], _ j: Int, width: Int) -> Double {
        var total = 0.0
        for column in 0..<width {
            let d = a[i * width + column] - b[j * width + column]
            total += d * d
        }
        return total
    }
}
