import MLVStorage

/// The small classification pipeline that end-to-end tests train: `data.csv` (columns `x1`,
/// `x2`, `label`) split, an MLP trained on three quarters, and evaluated on the rest.
public enum ClassifierSample {
    /// `mlv.yaml` for split → train (mlp-classifier, `epochs` epochs) → evaluate, with the
    /// evaluation's metrics in `metrics/eval.json`; `extraStages` (indented like a stage) are
    /// appended.
    public static func pipeline(epochs: Int, extraStages: String = "") -> String {
        """
        stages:
          split:
            plugin: split
            deps: [data.csv]
            params: {test_fraction: 0.25, seed: 3}
            outs: [work/train.csv, work/test.csv]
          train:
            plugin: mlp-classifier
            deps: [work/train.csv]
            params: {target: label, layers: [8], epochs: \(epochs), seed: 7}
            outs: [models/mlp.safetensors]
          evaluate:
            plugin: evaluate
            deps: [models/mlp.safetensors, work/test.csv]
            outs: []
            metrics: metrics/eval.json
        \(extraStages)
        """
    }

    /// A seeded table of three separable classes: `x1` near `2 × label`, `x2` near `-label`.
    public static func table(seed: UInt64 = 5, rows: Int = 240) -> String {
        var rng = SplitMix64(seed: seed)
        var csv = "x1,x2,label\n"
        for _ in 0..<rows {
            let label = Int(rng.next() % 3)
            let noise = { Double(rng.next() % 1000) / 1000 - 0.5 }
            csv += "\(Double(label) * 2 + noise()),\(Double(-label) + noise()),\(label)\n"
        }
        return csv
    }
}
