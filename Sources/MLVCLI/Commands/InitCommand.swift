import ArgumentParser
import Foundation
import MLVRepository

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create an empty repository.")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("initial-branch")], help: "Name of the first branch.")
    var initialBranch = "main"
    @Flag(help: "Create a bare repository (no worktree), to push to.") var bare = false
    @Argument(help: "Folder to create the repository in (default: the current folder).")
    var directory: String?

    func run() throws {
        var root = global.currentDirectory
        if let directory {
            root = directory.hasPrefix("/") ? URL(fileURLWithPath: directory) : root.appendingPathComponent(directory)
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var options = InitOptions()
        options.initialBranch = initialBranch
        options.bare = bare
        let result = try Repository.initialize(at: root, options: options)
        guard !global.quiet else { return }
        let verb =
            result.reinitialized ? "Reinitialized existing" : bare ? "Initialized empty bare" : "Initialized empty"
        print("\(verb) mlv repository in \(result.repository.layout.mlv.path)/")
    }
}
