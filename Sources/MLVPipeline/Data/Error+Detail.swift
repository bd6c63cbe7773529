import MLVCompute
import MLVFormats

extension Error {
    /// The message of a compute or formats error, to quote inside a `PipelineError`'s message.
    var detail: String {
        if let error = self as? ComputeError { return error.message }
        if let error = self as? FormatsError { return error.message }
        if let error = self as? PipelineError { return error.message }
        return String(describing: self)
    }
}
