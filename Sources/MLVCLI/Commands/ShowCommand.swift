import ArgumentParser
import MLVRepository

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a commit and the files it changed, or a file at a revision.")

    @OptionGroup var global: GlobalOptions
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
        print(DiffRenderer.nameStatus(changes), terminator: "")
    }
}
