import ArgumentParser

public struct MLVCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mlv",
        abstract: "Version control for datasets and model weights.",
        version: "0.1.0",
        subcommands: []
    )

    public init() {}

    /// Runs the command line with mlv's exit codes (docs/CLI.md): 129 for usage errors.
    public static func mainWithExitCodes() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandleOutput.stderr(fullMessage(for: error))
                exit(withError: ExitCode(129))
            }
            exit(withError: error)
        }
    }
}
