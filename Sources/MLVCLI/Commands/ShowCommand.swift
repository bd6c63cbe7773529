import ArgumentParser
import Foundation
import MLVRepository

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a commit and the files it changed, or a file at a revision.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .customLong("stat"), help: "Show a summary line per changed file instead of the diff.") var stat = false
    @Flag(name: .customLong("name-status"), help: "Show only the status letter and path of changed files.")
    var nameStatus = false
    @Option(name: .customLong("color"), help: "Colour the diff: auto (on a terminal), always or never.")
    var color: DiffCommand.ColorMode = .auto
    @Argument(help: "A revision, or <rev>:<path> to print a file.") var revision = "HEAD"

    func run() throws {
        let repository = try global.openRepository()
        let resolved = try repository.resolveRevision(revision)
        if let path = resolved.path {
            try repository.readFile(resolved.commit.description, path: path) { FileHandleOutput.writeBytes($0) }
            return
        }
        let commit = try repository.commit(resolved.commit)
        let changes = try repository.diffTrees(commit.parents.first.map { try repository.commit($0).tree }, commit.tree)
        if global.json {
            var body = CommitRenderer.json(resolved.commit, commit)
            body["changes"] = changes.map { ["path": $0.path.rawValue, "status": $0.kind.rawValue] }
            try printJSON(body)
            return
        }
        print(CommitRenderer.header(resolved.commit, commit))
        if nameStatus {
            print(DiffRenderer.nameStatus(changes), terminator: "")
            return
        }
        let parentTree = try commit.parents.first.map { try repository.commit($0).tree }
        let diffs = try repository.diff(.trees(parentTree, commit.tree))
        for diff in diffs { for warning in diff.warnings { Diagnostics.warn(warning) } }
        if stat {
            print(DiffRenderer.stat(diffs), terminator: "")
        } else {
            let colored = color == .always || (color == .auto && isatty(1) != 0)
            print(diffs.map { DiffRenderer.full($0, maxRows: 50, color: colored) }.joined(), terminator: "")
        }
    }
}
