import ArgumentParser

/// `mlv git <subcommand>`: working beside git (docs/GIT.md).
struct GitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git", abstract: "Work beside git: hooks, mlv.lock and git's filter protocol.",
        subcommands: [
            GitInstallCommand.self, GitUninstallCommand.self, GitLockCommand.self, GitRestoreCommand.self,
            GitHookCommand.self, GitFilterProcessCommand.self, GitTextconvCommand.self,
        ])
}
