import ArgumentParser
import MLVGit

struct TrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Let mlv manage paths inside a git worktree (and git ignore them).",
        discussion: """
            Adds the patterns to .mlvattributes (track=yes) and to mlv's block in .gitignore. Creates the \
            mlv repository at the git root when there is none. Without patterns, lists the tracked ones. \
            See docs/GIT.md.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "gitignore-style patterns, for example '*.safetensors' or 'data/'.") var patterns: [String] = []

    func run() throws {
        let workspace = try GitWorkspace.open(from: global.currentDirectory, creating: !patterns.isEmpty)
        if patterns.isEmpty {
            for pattern in try workspace.trackedPatterns() { print(pattern) }
            return
        }
        let result = try workspace.track(patterns)
        guard !global.quiet else { return }
        for pattern in result.changed { print("Tracking '\(pattern)'") }
        for pattern in result.unchanged { print("'\(pattern)' is already tracked") }
    }
}
