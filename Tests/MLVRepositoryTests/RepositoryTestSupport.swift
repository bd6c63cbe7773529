import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// Runs `body`, expecting a `RepositoryError` with `code`; returns it for further checks.
@discardableResult
func expectRepositoryError(
    _ code: RepositoryError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> RepositoryError? {
    do {
        try body()
        Issue.record("expected RepositoryError.\(code), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as RepositoryError {
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record(
            "expected RepositoryError.\(code), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

func repoPath(_ text: String) throws -> RepoPath { try #require(RepoPath(text)) }

func checkoutOptions(force: Bool = false) -> CheckoutOptions {
    var options = CheckoutOptions(identity: TestIdentity.identity)
    options.force = force
    return options
}

/// Inode and modification time of a file, to tell whether it was rewritten.
struct FileIdentity: Equatable {
    var inode: UInt64
    var mtime: Int64

    init(_ url: URL) throws {
        let stat = try #require(FileStat.of(url.path))
        inode = stat.inode
        mtime = stat.mtimeNanoseconds
    }
}

extension TempRepository {
    /// Paths of a status report's sections, as `X path` strings for compact assertions.
    func statusSummary() throws -> [String] {
        let report = try repository.status()
        return report.staged.map { "staged \(String(describing: $0.kind)) \($0.path)" }
            + report.unstaged.map { "unstaged \(String(describing: $0.kind)) \($0.path)" }
            + report.untracked.map { "untracked \($0)" }
    }

    /// Sets a file's modification time, leaving the content alone (`touch -d`).
    func touch(_ path: String, secondsFromNow: TimeInterval) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: secondsFromNow)], ofItemAtPath: url(path).path)
    }
}

/// This host's name as lock files record it (`gethostname`).
enum LockHost {
    static var name: String {
        let text =
            (try? String(contentsOfFile: "/proc/sys/kernel/hostname", encoding: .utf8))
            ?? ProcessInfo.processInfo.hostName
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
