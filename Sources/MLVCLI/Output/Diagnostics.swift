import ArgumentParser
import Foundation
import MLVCompute
import MLVDiff
import MLVFormats
import MLVObjects
import MLVPipeline
import MLVRemote
import MLVRepository
import MLVStorage

/// Turns errors into `fatal: …` / `hint: …` lines (or a JSON error) and mlv's exit codes
/// (docs/CLI.md): 1 for a "no" answer, 128 fatal, 129 usage, 130 interrupted.
enum Diagnostics {
    static let fatal: Int32 = 128
    static let usage: Int32 = 129

    static func report(_ error: any Error, json: Bool) -> Int32 {
        let (code, message, hint) = describe(error)
        if json {
            let body: [String: Any] = ["error": ["code": code, "message": message, "hint": hint as Any]]
            if let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]) {
                FileHandleOutput.stderr(String(decoding: data, as: UTF8.self))
            }
        } else {
            FileHandleOutput.stderr("fatal: \(message)")
            if let hint { FileHandleOutput.stderr("hint: \(hint)") }
        }
        if let repositoryError = error as? RepositoryError, repositoryError.code == .nothingToCommit { return 1 }
        return fatal
    }

    /// Prints `warning: …` on stderr (also with --json: warnings are for people).
    static func warn(_ message: String) {
        FileHandleOutput.stderr("warning: \(message)")
    }

    static func describe(_ error: any Error) -> (code: String, message: String, hint: String?) {
        switch error {
        case let error as RepositoryError: (error.code.rawValue, error.message, error.hint)
        case let error as StorageError: (error.code.rawValue, error.message, error.hint)
        case let error as ObjectsError: (error.code.rawValue, error.message, nil)
        case let error as PipelineError: (error.code.rawValue, error.message, error.hint)
        case let error as ComputeError: (error.code.rawValue, error.message, nil)
        case let error as DiffError: (error.code.rawValue, error.message, nil)
        case let error as FormatsError: (error.code.rawValue, error.message, nil)
        case let error as RemoteError: (error.code.rawValue, error.message, error.hint)
        case let error as InternalError: ("internal", error.description, nil)
        default: ("error", "\(error)", nil)
        }
    }
}

/// Thrown by commands whose answer is "no" (exit 1) after they printed their output.
struct NegativeAnswer: Error {}
