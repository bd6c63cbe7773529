import ArgumentParser
import MLVRepository

struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Move the current branch, or unstage paths.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Move the branch only.") var soft = false
    @Flag(help: "Move the branch and reset the index (default).") var mixed = false
    @Flag(help: "Move the branch, reset index and worktree (discards changes).") var hard = false
    @Argument(parsing: .captureForPassthrough, help: "[<rev>] [-- <paths>...]") var arguments: [String] = []

    func validate() throws {
        if [soft, mixed, hard].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --soft, --mixed, --hard")
        }
    }

    func run() throws {
        let repository = try global.openRepository()
        let split = arguments.firstIndex(of: "--")
        let revisions = Array(arguments[..<(split ?? arguments.endIndex)])
        let pathTexts = split.map { Array(arguments[($0 + 1)...]) } ?? []
        if !pathTexts.isEmpty {
            try repository.resetPaths(try global.paths(pathTexts, in: repository))
            return
        }
        let mode: ResetMode = soft ? .soft : hard ? .hard : .mixed
        let id = try repository.reset(to: revisions.first ?? "HEAD", mode: mode, identity: global.identity)
        if !global.quiet && mode == .hard {
            print("HEAD is now at \(id.abbreviated) \(try repository.commit(id).subject)")
        }
    }
}
