/// The metrics JSON a plugin writes: one object, keys sorted, pretty-printed, ending with a line
/// break.
public enum MetricsFile {
    /// The bytes of a metrics file holding `metrics` and `extra`.
    public static func bytes(_ metrics: [String: Double], extra: [String: MetricValue] = [:]) -> [UInt8] {
        var values = extra
        for (key, value) in metrics { values[key] = .number(value) }
        return PipelineJSON.bytes(values, pretty: true)
    }

    /// Writes the metrics to `context.metrics` when the stage has a metrics file, and returns
    /// them as a run result.
    public static func finish(
        _ metrics: [String: Double], extra: [String: MetricValue] = [:], context: PluginRunContext, plugin: String
    ) throws(PipelineError) -> PluginRunResult {
        if let url = context.metrics {
            try PluginFiles.write(bytes(metrics, extra: extra), to: url, plugin: plugin)
        }
        return PluginRunResult(metrics: metrics)
    }
}
