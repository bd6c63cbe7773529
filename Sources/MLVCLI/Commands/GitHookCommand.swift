import ArgumentParser
import Foundation
import MLVGit
import MLVRepository

struct GitHookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook", abstract: "Run one of mlv's git hooks (called by the stubs 'mlv git install' writes).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "post-checkout, post-merge, post-rewrite, pre-commit or pre-push.") var name: String
    @Argument(parsing: .captureForPassthrough, help: "The arguments git gave the hook.") var arguments: [String] = []

    func validate() throws {
        if Hook(rawValue: name) == nil { throw ValidationError("'\(name)' is not a hook mlv handles") }
    }

    func run() throws {
        guard let hook = Hook(rawValue: name) else { return }
        let input =
            hook == .prePush || hook == .postRewrite ? [UInt8](FileHandle.standardInput.readDataToEndOfFile()) : []
        let git = try GitRepository.discover(from: global.currentDirectory)
        let hasLock = FileManager.default.fileExists(atPath: git.root.appendingPathComponent(DataLock.fileName).path)
        let hasStore = FileManager.default.fileExists(atPath: git.root.appendingPathComponent(".mlv/config").path)
        // Without a store there is nothing to check; post-* hooks create one to report what is missing.
        guard hasStore || (hasLock && !hook.canRefuse) else { return }
        var workspace = try GitWorkspace.open(git: git, creating: true)
        workspace.environment = ProcessInfo.processInfo.environment
        let outcome = try workspace.runHook(hook, arguments: arguments, input: input, identity: global.identity)
        for message in outcome.messages where !global.quiet || !outcome.allowed { FileHandleOutput.stderr(message) }
        if !outcome.allowed { throw NegativeAnswer() }
    }
}
