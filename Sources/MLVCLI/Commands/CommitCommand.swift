import ArgumentParser
import MLVGit
import MLVRepository

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit", abstract: "Record the staged changes as a commit.")

    @OptionGroup var global: GlobalOptions
    @Option(
        name: [.short, .customLong("message")],
        help: "The commit message (optional while merging: the merge's message is the default).")
    var message: String?
    @Flag(name: [.short, .customLong("all")], help: "Stage modified and deleted tracked files first.") var all = false
    @Flag(name: .customLong("allow-empty"), help: "Commit even if nothing changed.") var allowEmpty = false

    func run() throws {
        let repository = try global.openRepository()
        guard let text = try message ?? repository.pendingMerge()?.message else {
            throw ValidationError("no commit message given; use -m <message>")
        }
        var options = CommitOptions(message: text, identity: global.identity)
        options.all = all
        options.allowEmpty = allowEmpty
        options.progress = global.progress
        let result = try repository.commit(options)
        // Inside a git worktree with tracked paths, mlv.lock follows every commit.
        let lock = try GitWorkspace.enclosing(repository)?.writeLock()
        if global.json {
            try printJSON([
                "commit": result.id.description, "branch": result.branch?.shortName as Any,
                "files_changed": result.changes.count,
            ])
        } else if !global.quiet {
            let root = result.commit.parents.isEmpty ? " (root-commit)" : ""
            let branch = result.branch?.shortName ?? "detached HEAD"
            print("[\(branch)\(root) \(result.id.abbreviated)] \(result.commit.subject)")
            print(" \(result.changes.count) file\(result.changes.count == 1 ? "" : "s") changed")
            if lock != nil { print("Updated mlv.lock (stage it with 'git add mlv.lock')") }
        }
    }
}
