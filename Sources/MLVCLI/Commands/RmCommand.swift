import ArgumentParser
import MLVRepository

struct RmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove files from the worktree and the index.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Only remove from the index; keep the files.") var cached = false
    @Flag(name: [.short, .long], help: "Remove even with uncommitted changes.") var force = false
    @Flag(name: .short, help: "Remove folders recursively.") var recursive = false
    @Argument(help: "Files to remove.") var paths: [String]

    func run() throws {
        let repository = try global.openRepository()
        let removed = try repository.remove(
            try global.paths(paths, in: repository), cached: cached, force: force, recursive: recursive)
        if !global.quiet { for path in removed { print("rm '\(path)'") } }
    }
}
