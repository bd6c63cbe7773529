import MLVPipeline
import MLVRepository
import MLVStorage
import Testing

/// Parses `text` with the plugins `mlp-classifier` and `linear-regression`, and a worktree
/// holding `raw.csv` and `data/`.
func parsePipeline(_ text: String, params: ParamsFile? = nil) throws(PipelineError) -> PipelineFile {
    let context = PipelineContext(knownPlugins: ["linear-regression", "mlp-classifier"], params: params) {
        ["raw.csv", "data"].contains($0.rawValue) || $0.rawValue.hasPrefix("data/")
    }
    return try PipelineFile.parse(text, context: context)
}

/// `text` as a path; records an issue (and gives the root) when it is not a valid one.
func repoPath(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> RepoPath {
    guard let path = RepoPath(text) else {
        Issue.record("not a path: \(text)", sourceLocation: sourceLocation)
        return .root
    }
    return path
}

/// The id whose 32 bytes all equal `byte`.
func repeatedID(_ byte: UInt8) -> ObjectID {
    let word = UInt64(byte) &* 0x0101_0101_0101_0101
    return ObjectID(w0: word, w1: word, w2: word, w3: word)
}

/// The ``PipelineError`` `body` throws, or nil when it throws nothing or another error.
func pipelineError(_ body: () throws -> Void) -> PipelineError? {
    do {
        try body()
        return nil
    } catch let error as PipelineError {
        return error
    } catch {
        return nil
    }
}
