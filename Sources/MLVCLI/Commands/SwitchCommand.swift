import ArgumentParser
import MLVRepository

struct SwitchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "switch", abstract: "Switch branches.")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("create")], help: "Create the branch, then switch to it.") var create: String?
    @Flag(name: .customLong("detach"), help: "Switch to a commit with a detached HEAD.") var detach = false
    @Flag(name: [.short, .long], help: "Discard local changes in the way.") var force = false
    @Argument(help: "Branch to switch to (or start point with -c).") var target: String?

    func run() throws {
        let repository = try global.openRepository()
        var options = CheckoutOptions(identity: global.identity)
        options.force = force
        options.progress = global.progress
        if let create {
            _ = try repository.switchToNewBranch(create, start: target, options: options)
            if !global.quiet { FileHandleOutput.stderr("Switched to a new branch '\(create)'") }
            return
        }
        guard let target else { throw ValidationError("missing branch name") }
        if !detach, RefName.branch(target).map({ (try? repository.refs.read($0)) ?? nil }) == nil {
            throw MLVCLIError("invalid reference: \(target) (use --detach to switch to a commit)")
        }
        let result = try repository.checkout(target, options: options)
        if !global.quiet, case .branch(let ref, _) = result.head {
            FileHandleOutput.stderr("Switched to branch '\(ref.shortName)'")
        }
    }
}
