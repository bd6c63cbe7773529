import ArgumentParser
import MLVGit

struct GitLockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock", abstract: "Rewrite mlv.lock for mlv's HEAD commit.",
        discussion: "'mlv commit' does this by itself inside a git worktree with tracked paths.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Also stage mlv.lock in git ('git add mlv.lock').") var stage = false

    func run() throws {
        let workspace = try GitWorkspace.open(from: global.currentDirectory)
        guard let lock = try workspace.writeLock() else {
            throw ValidationError("mlv has no commit yet; commit the tracked data first ('mlv commit -a -m <message>')")
        }
        if stage { try workspace.git.run(["add", "--", DataLock.fileName]) }
        if !global.quiet { print("mlv.lock: commit \(lock.commit.abbreviated), \(lock.entries.count) files") }
    }
}
