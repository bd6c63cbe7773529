import ArgumentParser
import Foundation
import MLVRemote
import MLVRepository

/// Flags every command takes: `-C <dir>`, `--quiet`, `--json`.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: "Run as if mlv was started in <dir>.")
    var directory: String?

    @Flag(name: [.short, .long], help: "Print nothing but errors; no progress.")
    var quiet = false

    @Flag(help: "Print data as JSON (where the command prints data).")
    var json = false

    public init() {}

    /// The folder commands act in.
    var currentDirectory: URL {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        guard let directory else { return cwd }
        return directory.hasPrefix("/") ? URL(fileURLWithPath: directory) : cwd.appendingPathComponent(directory)
    }

    /// Opens the repository around the current folder; `forRepair` tolerates damaged pack
    /// indexes so that fsck can report them. In a partial clone, objects left out are fetched
    /// from its remote when a command needs them (docs/PROTOCOL.md §6).
    func openRepository(forRepair: Bool = false) throws -> Repository {
        let repository = try Repository.discover(from: currentDirectory, tolerateDamage: forRepair)
        if !forRepair { _ = try? repository.enableOnDemandFetch(config: transportConfig(for: nil)) }
        return repository
    }

    var identity: Identity { Identity(environment: ProcessInfo.processInfo.environment) }

    /// Progress drawn on stderr when both stdout and stderr are terminals; silent with
    /// `--quiet`, `--json`, or when output goes to a pipe or file.
    var progress: any MLVRepository.Progress {
        quiet || json || isatty(1) == 0 || isatty(2) == 0 ? SilentProgress() : TerminalProgress()
    }

    /// Converts user-typed paths to repository paths.
    func paths(_ texts: [String], in repository: Repository) throws -> [RepoPath] {
        try texts.map { try repository.repoPath(forUserPath: $0, currentDirectory: currentDirectory) }
    }
}
