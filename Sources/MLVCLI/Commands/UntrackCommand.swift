import ArgumentParser
import MLVGit

struct UntrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "untrack",
        abstract: "Stop mlv managing paths inside a git worktree.",
        discussion: "Removes the patterns from .mlvattributes and from mlv's block in .gitignore; files stay.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Patterns given to 'mlv track' before.") var patterns: [String]

    func validate() throws {
        if patterns.isEmpty { throw ValidationError("name at least one pattern") }
    }

    func run() throws {
        let result = try GitWorkspace.open(from: global.currentDirectory).untrack(patterns)
        guard !global.quiet else { return }
        for pattern in result.changed { print("Untracked '\(pattern)'") }
        for pattern in result.unchanged { print("'\(pattern)' was not tracked") }
    }
}
