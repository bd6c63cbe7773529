import ArgumentParser
import Foundation

public struct MLVCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mlv",
        abstract: "Version control for datasets and model weights.",
        discussion: "Run 'mlv <command> --help' for a command's options. Exit codes: docs/CLI.md.",
        version: "0.1.0",
        subcommands: [
            InitCommand.self, AddCommand.self, RmCommand.self, MvCommand.self, CommitCommand.self,
            StatusCommand.self, LogCommand.self, ShowCommand.self, DiffCommand.self, CheckoutCommand.self,
            SwitchCommand.self, BranchCommand.self, TagCommand.self, ResetCommand.self, CatCommand.self,
            LsTreeCommand.self, ConfigCommand.self, FsckCommand.self, GCCommand.self, MergeCommand.self,
            MergeBaseCommand.self, RevParseCommand.self, RunCommand.self, ReproCommand.self, MetricsCommand.self,
            ParamsCommand.self,
            LineageCommand.self, PlotCommand.self, SampleDataCommand.self, DebugCommand.self, RemoteCommand.self,
            PushCommand.self,
            FetchCommand.self, PullCommand.self, CloneCommand.self, TrackCommand.self, UntrackCommand.self,
            GitCommand.self,
            ServeCommand.self,
            DriftCommand.self, EvalCommand.self, CheckCommand.self,
        ]
    )

    public init() {}

    /// Global options git accepts before the command name (`mlv -C dir status`), moved after it.
    static func reorder(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "-C", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if ["--quiet", "-q", "--json"].contains(first) {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard let command = rest.first else { return Array(arguments) }
        var tail = Array(rest.dropFirst())
        // `mlv diff <rev>... -- <path>...`: ArgumentParser cannot tell two positional lists
        // apart, so the paths after `--` become `--path` options.
        if command == "diff" || command == "drift", let separator = tail.firstIndex(of: "--") {
            tail = Array(tail[..<separator]) + tail[(separator + 1)...].flatMap { ["--path", $0] }
        }
        // Commands with subcommands take the global options after the subcommand's name.
        if ["metrics", "params", "debug", "remote", "git"].contains(command), let sub = tail.first, !sub.hasPrefix("-")
        {
            return [command, sub] + leading + tail.dropFirst()
        }
        return [command] + leading + tail
    }

    /// Runs the command line with mlv's exit codes (docs/CLI.md).
    public static func mainWithExitCodes() async {
        let arguments = reorder(Array(CommandLine.arguments.dropFirst()))
        let json = arguments.contains("--json")
        signal(SIGPIPE, SIG_DFL)
        // `mlv serve` shuts down gracefully on SIGTERM/SIGINT by itself (MLVServer).
        let interrupts = arguments.first == "serve" ? [] : Interrupts.install()
        defer { withExtendedLifetime(interrupts) {} }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandleOutput.stderr(fullMessage(for: error))
            Foundation.exit(Diagnostics.usage)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch is NegativeAnswer {
            Foundation.exit(1)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch let error as ValidationError {
            FileHandleOutput.stderr("fatal: \(error.message)")
            Foundation.exit(Diagnostics.usage)
        } catch  where exitCode(for: error) == .success {
            // `--help`, `help <command>` and a bare `mlv` parse into commands whose run() throws
            // ArgumentParser's help request; it prints the help and exits 0.
            exit(withError: error)
        } catch {
            Foundation.exit(Diagnostics.report(error, json: json))
        }
    }
}
