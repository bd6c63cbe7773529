import ArgumentParser
import Foundation
import MLVObjects
import MLVRepository
import MLVStorage

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Show commit history.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "One line per commit: short id and subject.") var oneline = false
    @Flag(help: "Draw the commit graph beside the commits (topological order, as git).") var graph = false
    @Flag(help: "Start from every branch, tag and remote-tracking branch, and HEAD.") var all = false
    @Option(name: [.customShort("n"), .customLong("max-count")], help: "Show at most <n> commits.") var count: Int?
    @Argument(help: "Revisions to start from (default HEAD); '^rev' or 'a..b' exclude.") var revisions: [String] = []

    func run() throws {
        let repository = try global.openRepository()
        if revisions.isEmpty, try repository.head().commitID == nil,
            try !all || repository.refs.list(prefix: "refs/").isEmpty
        {
            throw MLVCLIError("your current branch does not have any commits yet")
        }
        var starts: [ObjectID] = []
        var excluded: [String] = []
        for revision in revisions.isEmpty && !all ? ["HEAD"] : revisions {
            if let range = revisionRange(revision) {
                excluded.append(range.from)
                starts.append(try repository.resolveCommit(range.to))
            } else if revision.hasPrefix("^") {
                excluded.append(String(revision.dropFirst()))
            } else {
                starts.append(try repository.resolveCommit(revision))
            }
        }
        if all {
            // As git: every ref, then HEAD.
            for (name, _) in try repository.refs.list(prefix: "refs/") {
                starts.append(try repository.resolveCommit(name.rawValue))
            }
            if let head = try repository.head().commitID { starts.append(head) }
        }
        let entries = try repository.log(
            from: starts, limit: count, excluding: excluded.map { try repository.resolveCommit($0) },
            order: graph ? .topological : .date)
        if global.json {
            try printJSON(entries.map { CommitRenderer.json($0.id, $0.commit) })
        } else if graph {
            print(LogGraphRenderer.render(entries, oneline: oneline), terminator: "")
        } else {
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
}

/// A plain error raised by the command layer itself (exit 128).
struct MLVCLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
