import ArgumentParser
import Foundation
import MLVGit

struct GitRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore the tracked data that mlv.lock names.",
        discussion: """
            What the post-checkout, post-merge and post-rewrite hooks run; use it after 'git stash', \
            'git reset' or a clone. Writes only files whose content differs.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Discard local changes to tracked files in the way.") var force = false

    func run() throws {
        var workspace = try GitWorkspace.open(from: global.currentDirectory, creating: true)
        workspace.environment = ProcessInfo.processInfo.environment
        let result = try workspace.restore(identity: global.identity, force: force, reason: "mlv git restore")
        guard !global.quiet else { return }
        guard let lock = result.lock, let sync = result.sync else {
            print("no mlv.lock in this worktree; nothing to restore")
            return
        }
        print(
            "restored mlv commit \(lock.commit.abbreviated): \(sync.written.count) written, \(sync.removed.count) removed, \(sync.unchanged) unchanged"
        )
        for path in sync.keptModified { Diagnostics.warn("kept '\(path)': modified, and mlv.lock no longer has it") }
    }
}
