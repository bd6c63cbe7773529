import ArgumentParser
import Foundation
import MLVObjects
import MLVRepository

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Show commit history.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "One line per commit: short id and subject.") var oneline = false
    @Option(name: [.customShort("n"), .customLong("max-count")], help: "Show at most <n> commits.") var count: Int?
    @Argument(help: "Revisions to start from (default HEAD); '^rev' or 'a..b' exclude.") var revisions: [String] = []

    func run() throws {
        let repository = try global.openRepository()
        var starts: [String] = []
        var excluded: [String] = []
        for revision in revisions.isEmpty ? ["HEAD"] : revisions {
            if let range = revisionRange(revision) {
                excluded.append(range.from)
                starts.append(range.to)
            } else if revision.hasPrefix("^") {
                excluded.append(String(revision.dropFirst()))
            } else {
                starts.append(revision)
            }
        }
        if revisions.isEmpty, try repository.head().commitID == nil {
            throw MLVCLIError("your current branch does not have any commits yet")
        }
        let entries = try repository.log(
            from: starts.map { try repository.resolveCommit($0) }, limit: count,
            excluding: excluded.map { try repository.resolveCommit($0) })
        if global.json {
            try printJSON(entries.map { CommitRenderer.json($0.id, $0.commit) })
            return
        }
        for (position, entry) in entries.enumerated() {
            if oneline {
                print("\(entry.id.abbreviated) \(entry.commit.subject)")
            } else {
                if position > 0 { print("") }
                print(CommitRenderer.header(entry.id, entry.commit), terminator: "")
            }
        }
    }
}

/// A plain error raised by the command layer itself (exit 128).
struct MLVCLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
