import ArgumentParser
import MLVGit

struct GitInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install mlv's git hooks (chaining existing ones), and optionally the filter.",
        discussion: """
            Hooks go where git runs them ('git rev-parse --git-path hooks', so core.hooksPath counts). A hook \
            that is already there is kept as <name>.mlv-chained and runs first. Installing twice changes nothing. \
            Creates the mlv store at the git root when there is none (a fresh clone).
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Also set filter.mlv.* and diff.mlv.textconv in the repository's git config.") var filter = false
    @Flag(name: .customLong("no-hooks"), help: "Do not install hooks (with --filter: the filter only).")
    var noHooks = false

    func run() throws {
        let git = try GitRepository.discover(from: global.currentDirectory)
        // A fresh clone has no mlv store yet: make one at the git root, so that remotes can be
        // added and the hooks have somewhere to restore into.
        _ = try GitWorkspace.open(git: git, creating: true)
        let installer = HookInstaller(git: git)
        if !noHooks {
            for change in try installer.install() where !global.quiet {
                print("\(change.hook): \(change.action.rawValue)")
            }
        }
        if filter {
            try installer.installFilter()
            if !global.quiet { print("filter: installed (add '<pattern> filter=mlv diff=mlv' to .gitattributes)") }
        }
    }
}
