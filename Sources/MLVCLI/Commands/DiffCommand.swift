import ArgumentParser
import MLVRepository

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show changed files between commits, the index and the worktree.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.customLong("staged"), .customLong("cached")], help: "Compare the index with HEAD.") var staged = false
    @Flag(name: .customLong("name-status"), help: "Show status letter and path.") var nameStatus = false
    @Flag(name: .customLong("stat"), help: "Show sizes before and after.") var stat = false
    @Flag(name: .customLong("exit-code"), help: "Exit with 1 when there are differences.") var exitCode = false
    @Argument(help: "Up to two revisions (or a..b).") var revisions: [String] = []

    func run() throws {
        let repository = try global.openRepository()
        var revs = revisions
        if revs.count == 1, let range = revisionRange(revs[0]) { revs = [range.from, range.to] }
        let changes: [TreeChange]
        switch revs.count {
        case 0:
            let report = try repository.status()
            changes = staged ? report.staged : report.unstaged
        case 1:
            changes = try repository.diffWorktree(against: repository.resolveCommit(revs[0]))
        default:
            let a = try repository.commit(repository.resolveCommit(revs[0])).tree
            let b = try repository.commit(repository.resolveCommit(revs[1])).tree
            changes = try repository.diffTrees(a, b)
        }
        if global.json {
            try printJSON(changes.map(DiffRenderer.json))
        } else if stat {
            print(DiffRenderer.stat(changes), terminator: "")
        } else {
            print(DiffRenderer.nameStatus(changes), terminator: "")
        }
        if exitCode && !changes.isEmpty { throw NegativeAnswer() }
    }
}
