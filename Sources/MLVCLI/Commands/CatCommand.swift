import ArgumentParser
import MLVRepository

struct CatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat", abstract: "Stream a file of any revision to stdout: mlv cat <rev>:<path>.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "<rev>:<path>") var spec: String

    func run() throws {
        let repository = try global.openRepository()
        let resolved = try repository.resolveRevision(spec)
        guard let path = resolved.path else { throw ValidationError("expected <rev>:<path>, got '\(spec)'") }
        try repository.readFile(resolved.commit.description, path: path) { FileHandleOutput.writeBytes($0) }
    }
}
