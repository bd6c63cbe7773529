import Foundation

/// File reads and writes for plugins, with errors that name the plugin and the file.
public enum PluginFiles {
    /// The bytes of `url`.
    /// - Throws: `.invalidInput` when the file cannot be read.
    public static func read(_ url: URL, plugin: String) throws(PipelineError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw PipelineError(.invalidInput, "\(plugin): cannot read \(url.path): \(reason(error))")
        }
    }

    /// Writes `bytes` to `url` atomically (a temporary file, then a rename), creating the folder.
    /// - Throws: `.stageFailed` when the file cannot be written.
    public static func write(_ bytes: [UInt8], to url: URL, plugin: String) throws(PipelineError) {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw PipelineError(.stageFailed, "\(plugin): cannot write \(url.path): \(reason(error))")
        }
    }

    /// Checks the number of inputs and outputs against what the plugin takes.
    /// - Throws: `.invalidPipeline` naming the plugin and both counts.
    public static func requireCounts(
        plugin: String, inputs: Int, expectedInputs: ClosedRange<Int>, outputs: Int,
        expectedOutputs: ClosedRange<Int>
    ) throws(PipelineError) {
        if !expectedInputs.contains(inputs) {
            throw PipelineError(
                .invalidPipeline, "\(plugin): takes \(describe(expectedInputs)) input(s), got \(inputs)")
        }
        if !expectedOutputs.contains(outputs) {
            throw PipelineError(
                .invalidPipeline, "\(plugin): writes \(describe(expectedOutputs)) output(s), got \(outputs)")
        }
    }

    /// The system's reason for a failed read or write, lowercased, without a trailing period.
    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        let text = (underlying ?? error as NSError).localizedDescription
        return (text.hasSuffix(".") ? String(text.dropLast()) : text).lowercased()
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
    }
}
