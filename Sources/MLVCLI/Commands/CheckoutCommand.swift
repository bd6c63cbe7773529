import ArgumentParser
import MLVRepository

struct CheckoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout", abstract: "Switch to a branch or commit, or restore files.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Discard local changes in the way.") var force = false
    @Option(name: .short, help: "Create a branch and switch to it.") var branch: String?
    @Argument(parsing: .captureForPassthrough, help: "<rev> [-- <paths>...], or -- <paths>...")
    var arguments: [String] = []

    func run() throws {
        let repository = try global.openRepository()
        var options = CheckoutOptions(identity: global.identity)
        options.force = force
        options.progress = global.progress
        let split = arguments.firstIndex(of: "--")
        let revisions = Array(arguments[..<(split ?? arguments.endIndex)])
        let pathTexts = split.map { Array(arguments[($0 + 1)...]) } ?? []
        if let split, !pathTexts.isEmpty || split == 0 {
            let count = try repository.checkoutPaths(try global.paths(pathTexts, in: repository), from: revisions.first)
            if !global.quiet { print("Updated \(count) path\(count == 1 ? "" : "s")") }
            return
        }
        if let branch {
            let result = try repository.switchToNewBranch(branch, start: revisions.first, options: options)
            if !global.quiet {
                FileHandleOutput.stderr("Switched to a new branch '\(branch)' (\(result.written) files written)")
            }
            return
        }
        guard revisions.count == 1, let target = revisions.first else {
            throw ValidationError("expected one revision, or '-- <paths>'")
        }
        let result = try repository.checkout(target, options: options)
        if global.quiet { return }
        switch result.head {
        case .branch(let ref, _): FileHandleOutput.stderr("Switched to branch '\(ref.shortName)'")
        case .detached(let id): FileHandleOutput.stderr("HEAD is now at \(id.abbreviated) (detached)")
        }
    }
}
