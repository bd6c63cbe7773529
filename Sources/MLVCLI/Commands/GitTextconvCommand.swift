import ArgumentParser
import Foundation
import MLVGit
import MLVRepository

struct GitTextconvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "textconv",
        abstract: "Print a file as text for 'git diff' (diff.mlv.textconv): tensors, table rows, pointers resolved.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file git hands over.") var file: String

    func run() throws {
        let url =
            file.hasPrefix("/") ? URL(fileURLWithPath: file) : global.currentDirectory.appendingPathComponent(file)
        let repository = (try? GitRepository.discover(from: global.currentDirectory)).flatMap {
            try? Repository(root: $0.root)
        }
        FileHandleOutput.stdout(try TextConv.render(file: url, repository: repository))
    }
}
