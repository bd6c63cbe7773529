import Foundation
import MLVRepository

extension PipelineRunner {
    /// Commits a run (`mlv run --commit`): stages its outputs, the inputs its records name and
    /// `mlv.yaml`/`params.yaml`, stores the records as a run bundle (docs/FORMAT.md §15.3) and
    /// commits with the bundle in the `run` header. The message defaults to `Run <stages>`.
    public func commit(_ report: RunReport, message: String?, identity: Identity) throws -> CommitResult {
        let bundle = try RunBundle.encode(report.records)
        var paths = Set(report.records.flatMap { Array($0.outputs.keys) + Array($0.inputs.keys) })
        for name in ["mlv.yaml", ParamsFile.fileName] {
            if let path = RepoPath(name),
                FileManager.default.fileExists(atPath: repository.layout.worktreeURL(path).path)
            {
                paths.insert(path)
            }
        }
        _ = try repository.add(AddOptions(paths: paths.sorted()))
        var options = CommitOptions(
            message: message ?? "Run \(report.outcomes.map(\.stage).joined(separator: ", "))", identity: identity)
        options.runRecord = try repository.storeBytes(bundle)
        return try repository.commit(options)
    }
}
