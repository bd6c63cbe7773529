import ArgumentParser
import MLVRepository

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Stage file contents for the next commit.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Add files even if .mlvignore ignores them.") var force = false
    @Flag(name: [.short, .customLong("update")], help: "Stage changes of tracked files only.") var update = false
    @Flag(name: [.short, .customLong("all")], help: "Stage all changes in the worktree.") var all = false
    @Argument(help: "Files or folders to add.") var paths: [String] = []

    func validate() throws {
        if paths.isEmpty && !update && !all {
            throw ValidationError("nothing specified, nothing added; maybe you wanted to say 'mlv add .'?")
        }
    }

    func run() throws {
        let repository = try global.openRepository()
        var options = AddOptions(paths: paths.isEmpty ? [.root] : try global.paths(paths, in: repository))
        options.force = force
        options.trackedOnly = update
        options.progress = global.progress
        let result = try repository.add(options)
        for name in result.skipped { FileHandleOutput.stderr("warning: skipping '\(name)': not a name mlv can store") }
        guard !global.quiet, global.json else { return }
        try printJSON([
            "staged": result.staged.map(\.rawValue), "removed": result.removed.map(\.rawValue),
            "new_bytes": result.newBytes,
        ])
    }
}
