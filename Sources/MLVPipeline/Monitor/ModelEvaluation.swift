import Foundation
import MLVCompute
import MLVObjects
import MLVRepository

/// `mlv eval`: scores a stored model on a stored table of any revisions with the built-in
/// `evaluate` plugin ("yesterday's model on today's data").
///
/// Both files are written from the object store into a scratch folder under `.mlv/tmp`, which is
/// removed afterwards; the worktree is not touched.
public struct ModelEvaluation {
    /// The metrics, and the metrics file's bytes as the plugin wrote them (with extras such as
    /// the confusion matrix).
    public struct Result: Sendable {
        public var metrics: [String: Double]
        public var json: [UInt8]
    }

    public let repository: Repository

    public init(repository: Repository) { self.repository = repository }

    /// Evaluates the model at `model` (`<rev>:<path>`) on the table at `data` (`<rev>:<path>`).
    /// - Throws: `RepositoryError` for an unknown revision or a missing path; `PipelineError`
    ///   `invalidInput` for a file that is not a model, or a table without the model's columns.
    public func evaluate(model: String, data: String, threads: Int = 1) throws -> Result {
        let scratch = repository.layout.tmp.appendingPathComponent("eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let modelURL = try materialize(model, into: scratch.appendingPathComponent("model"))
        let dataURL = try materialize(data, into: scratch.appendingPathComponent("data"))
        let metricsURL = scratch.appendingPathComponent("metrics.json")
        let context = PluginRunContext(
            inputs: [modelURL, dataURL], outputs: [], metrics: metricsURL, parameters: PluginParameters(), seed: 0,
            compute: try ComputeContext(threads: threads))
        let result = try EvaluatePlugin().run(context)
        let json = [UInt8](try Data(contentsOf: metricsURL))
        return Result(metrics: result.metrics, json: json)
    }

    /// Writes the file `spec` names into `folder`, under its own name; returns its URL.
    func materialize(_ spec: String, into folder: URL) throws -> URL {
        let resolved = try repository.resolveRevision(spec)
        guard let path = resolved.path, !path.isRoot else {
            throw PipelineError(.invalidInput, "expected <rev>:<path>, got '\(spec)'")
        }
        guard let entry = try repository.entry(at: path, inTree: repository.commit(resolved.commit).tree) else {
            throw PipelineError(.invalidInput, "'\(path)' does not exist in '\(spec.prefix { $0 != ":" })'")
        }
        guard entry.mode != .directory else {
            throw PipelineError(.invalidInput, "'\(spec)' is a folder, not a file")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(path.components.last ?? "file")
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: url)
        else {
            throw PipelineError(.invalidInput, "cannot write '\(url.path)'")
        }
        defer { try? handle.close() }
        try repository.readFile(entry.id) { try handle.write(contentsOf: $0) }
        return url
    }
}
