import Foundation
import MLVCompute

/// Sample data for the demo and for trying mlv: a customer-churn-like table generated from a
/// seed (so every machine makes the same bytes) and a pipeline that trains on it.
public enum SampleData {
    /// The pipeline `write` puts next to the table: split → standardize → train → evaluate.
    public static let pipeline = """
        stages:
          split:
            plugin: split
            deps: [data/customers.csv]
            params: {test_fraction: 0.25, stratify: churned, seed: 1}
            outs: [work/train.csv, work/test.csv]
          standardize:
            plugin: standardize
            deps: [work/train.csv]
            params: {target: churned}
            outs: [work/train-scaled.csv, models/scaler.safetensors]
          standardize-test:
            plugin: standardize
            deps: [work/test.csv, models/scaler.safetensors]
            params: {target: churned}
            outs: [work/test-scaled.csv]
          train:
            plugin: mlp-classifier
            deps: [work/train-scaled.csv]
            params: [train.target, train.layers, train.epochs, train.batch_size, train.learning_rate, train.seed]
            outs: [models/churn.safetensors]
            metrics: metrics/train.json
          evaluate:
            plugin: evaluate
            deps: [models/churn.safetensors, work/test-scaled.csv]
            outs: []
            metrics: metrics/eval.json

        """

    /// The parameters file the `train` stage reads.
    public static let params = """
        train:
          target: churned
          layers: [32, 16]
          epochs: 30
          batch_size: 64
          learning_rate: 0.005
          seed: 7

        """

    /// Writes `data/customers.csv` (`rows` rows), `mlv.yaml` and `params.yaml` under `root`.
    /// - Complexity: O(rows).
    public static func write(to root: URL, rows: Int = 5000, seed: UInt64 = 42) throws {
        guard rows >= 10 else {
            throw PipelineError(.invalidParameter, "sample data needs at least 10 rows, got \(rows)")
        }
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try Data(table(rows: rows, seed: seed).utf8).write(to: root.appendingPathComponent("data/customers.csv"))
        try Data(pipeline.utf8).write(to: root.appendingPathComponent("mlv.yaml"))
        try Data(params.utf8).write(to: root.appendingPathComponent("params.yaml"))
    }

    /// The table's text: numeric and categorical features, and a `churned` label drawn from a
    /// logistic model of them.
    public static func table(rows: Int, seed: UInt64) throws -> String {
        var rng = Philox(seed: seed)
        let plans = ["basic", "plus", "pro"]
        let regions = ["north", "south", "east", "west"]
        var text = "customer_id,tenure_months,monthly_spend,support_calls,plan,region,churned\n"
        for id in 0..<rows {
            let tenure = try rng.nextInt(below: 72) + 1
            let plan = try rng.nextInt(below: plans.count)
            let spend = 20 + Double(plan) * 25 + rng.nextNormal() * 8
            let calls = try rng.nextInt(below: 8)
            let region = try rng.nextInt(below: regions.count)
            let score =
                1.2 - 0.05 * Double(tenure) + 0.45 * Double(calls) - 0.6 * Double(plan) + 0.01 * spend
                + (region == 2 ? 0.5 : 0)
            let churned = rng.nextDouble() < 1 / (1 + exp(-score)) ? 1 : 0
            text += "\(100_000 + id),\(tenure),\(String(format: "%.2f", spend)),\(calls),\(plans[plan]),"
            text += "\(regions[region]),\(churned)\n"
        }
        return text
    }
}
