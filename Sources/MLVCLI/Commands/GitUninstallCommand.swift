import ArgumentParser
import MLVGit

struct GitUninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove mlv's git hooks and filter config, putting chained hooks back.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let git = try GitRepository.discover(from: global.currentDirectory)
        let installer = HookInstaller(git: git)
        for change in try installer.uninstall() {
            if let note = change.note { Diagnostics.warn(note) }
            if !global.quiet { print("\(change.hook): \(change.action.rawValue)") }
        }
        try installer.uninstallFilter()
    }
}
