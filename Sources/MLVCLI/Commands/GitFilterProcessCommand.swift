import ArgumentParser
import Foundation
import MLVGit

struct GitFilterProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter-process",
        abstract: "Serve git's long-running filter protocol (filter.mlv.process).",
        discussion: "Started by git, not by hand; see docs/GIT.md, \"Filter mode\".")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let git = try GitRepository.discover(from: global.currentDirectory)
        let filter = FilterProcess(
            root: git.root, input: FileHandle.standardInput, output: FileHandle.standardOutput,
            environment: ProcessInfo.processInfo.environment,
            report: { FileHandleOutput.stderr($0) })
        try filter.serve()
    }
}
