import ArgumentParser
import Foundation
import MLVRemote
import MLVRepository

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Send branches and tags, and the objects they need, to a remote.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Allow updates that are not fast-forwards.") var force = false
    @Flag(help: "Push every branch.") var all = false
    @Flag(help: "Push every tag.") var tags = false
    @Flag(name: [.short, .long], help: "Delete the named remote branches.") var delete = false
    @Flag(
        name: [.customShort("u"), .customLong("set-upstream")],
        help: "Make the remote the upstream of the pushed branches.")
    var setUpstream = false
    @Option(name: [.short, .long], help: "Parallel uploads (default: 2 for folders).") var jobs: Int?
    @Argument(help: "The remote (default: the branch's upstream, or origin).") var remote: String?
    @Argument(help: "Branches or tags to push (default: the current branch).") var branches: [String] = []

    func validate() throws {
        if all && (delete || !branches.isEmpty) {
            throw ValidationError("--all cannot be combined with branch names or --delete")
        }
        if delete && branches.isEmpty { throw ValidationError("--delete needs the branches to delete") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        let repository = try global.openRepository()
        let target = try remote.map { try repository.remote(named: $0) } ?? repository.upstream().remote
        var options = PushOptions()
        options.branches = branches
        options.allBranches = all
        options.tags = tags
        options.force = force
        options.delete = delete
        options.setUpstream = setUpstream
        options.jobs = global.jobs(jobs, remote: target)
        options.progress = global.progress
        let transport = try RemoteTransports.open(
            url: target.url, config: global.transportConfig(for: target), repository: repository)
        let result = try await repository.push(to: target, transport: transport, options: options)
        if global.json {
            try printJSON(TransferRenderer.json(result))
        } else if !global.quiet {
            print(TransferRenderer.human(result), terminator: "")
            if setUpstream {
                for ref in result.refs where ref.local.hasPrefix(RefName.headsPrefix) && ref.new != nil {
                    let name = RefName(ref.local)?.shortName ?? ref.local
                    print("branch '\(name)' set up to track '\(target.name)/\(name)'.")
                }
            }
        }
    }
}
