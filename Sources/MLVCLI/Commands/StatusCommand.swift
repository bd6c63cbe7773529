import ArgumentParser
import MLVRepository

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the worktree status.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Short format: two status letters and the path.") var short = false
    @Flag(help: "Short format that stays stable across versions, for scripts.") var porcelain = false
    @Argument(help: "Limit to these paths.") var paths: [String] = []

    func run() throws {
        let repository = try global.openRepository()
        let report = try repository.status(paths: paths.isEmpty ? [.root] : try global.paths(paths, in: repository))
        if global.json {
            try printJSON(StatusRenderer.json(report))
        } else if short || porcelain {
            print(StatusRenderer.short(report), terminator: "")
        } else {
            print(StatusRenderer.long(report), terminator: "")
        }
    }
}
