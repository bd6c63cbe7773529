import ArgumentParser
import MLVRepository

struct MvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv", abstract: "Move or rename a tracked file or folder.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Source path.") var source: String
    @Argument(help: "Destination path or folder.") var destination: String

    func run() throws {
        let repository = try global.openRepository()
        let paths = try global.paths([source, destination], in: repository)
        try repository.move(paths[0], to: paths[1])
    }
}
