import Foundation
import MLVCompute
import MLVPipeline
import MLVTestSupport
import Testing

/// Runs plugins on files in a fresh temporary folder (removed when the harness goes away).
final class PluginHarness {
    let directory: TempDirectory

    init() throws { directory = try TempDirectory(prefix: "plugins") }

    func url(_ name: String) -> URL { directory.appending(name) }

    /// Writes `text` to `name` and returns its URL.
    @discardableResult
    func write(_ text: String, to name: String) throws -> URL {
        let url = url(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

    func text(_ name: String) throws -> String { String(decoding: try bytes(name), as: UTF8.self) }

    /// Runs `plugin` on inputs and outputs named relative to the folder.
    @discardableResult
    func run(
        _ plugin: any TrainingPlugin.Type, inputs: [String], outputs: [String], metrics: String? = nil,
        _ parameters: [String: ParameterValue] = [:], seed: UInt64 = 7, threads: Int = 1,
        variant: KernelVariant = .best
    ) throws -> PluginRunResult {
        let context = PluginRunContext(
            inputs: inputs.map(url), outputs: outputs.map(url), metrics: metrics.map(url),
            parameters: PluginParameters(parameters), seed: seed,
            compute: try ComputeContext(threads: threads, variant: variant))
        return try plugin.init().run(context)
    }

    /// Runs `plugin` with 1 thread, again with 1 thread, with 2 threads, and with 2 threads on
    /// the portable kernels (when they are not already the best), each into its own folder, and
    /// expects every output file and the metrics file to have the same bytes each time.
    func expectReproducible(
        _ plugin: any TrainingPlugin.Type, inputs: [String], outputs: [String],
        _ parameters: [String: ParameterValue] = [:], seed: UInt64 = 7
    ) throws {
        var runs: [[[UInt8]]] = []
        var settings: [(threads: Int, variant: KernelVariant)] = [(1, .best), (1, .best), (2, .best)]
        if KernelVariant.best != .portable { settings.append((2, .portable)) }
        for (index, setting) in settings.enumerated() {
            let folder = "run\(index)/"
            let result = try run(
                plugin, inputs: inputs, outputs: outputs.map { folder + $0 }, metrics: folder + "metrics.json",
                parameters, seed: seed, threads: setting.threads, variant: setting.variant)
            #expect(!result.metrics.isEmpty)
            runs.append(try (outputs + ["metrics.json"]).map { try bytes(folder + $0) })
        }
        for (name, index) in zip(outputs + ["metrics.json"], 0...) {
            #expect(runs[0][index] == runs[1][index], "\(name) differs between two runs")
            #expect(runs[0][index] == runs[2][index], "\(name) differs between 1 and 2 threads")
            if runs.count > 3 {
                #expect(runs[0][index] == runs[3][index], "\(name) differs between kernel variants")
            }
            #expect(!runs[0][index].isEmpty)
        }
    }
}

/// Expects `body` to throw a `PipelineError` with `code` whose message contains every one of
/// `fragments`.
func expectPipelineError(
    _ code: PipelineError.Code, mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected a \(code) error", sourceLocation: sourceLocation)
    } catch let error as PipelineError {
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(
                error.message.contains(fragment), "\"\(error.message)\" lacks \"\(fragment)\"",
                sourceLocation: sourceLocation)
        }
        #expect(!error.message.hasSuffix("."), sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a PipelineError, got \(error)", sourceLocation: sourceLocation)
    }
}
