import ArgumentParser
import Foundation
import MLVRemote
import MLVRepository

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Download branches, tags and their objects from a remote.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Fetch from every remote.") var all = false
    @Flag(name: [.short, .long], help: "Delete remote-tracking refs of branches the remote no longer has.")
    var prune = false
    @Option(name: [.short, .long], help: "Parallel downloads (default: 2 for folders).") var jobs: Int?
    @Argument(help: "The remote (default: the branch's upstream, or origin).") var remote: String?

    func validate() throws {
        if all && remote != nil { throw ValidationError("--all takes no remote") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        let repository = try global.openRepository()
        let remotes =
            all
            ? repository.remotes()
            : [try remote.map { try repository.remote(named: $0) } ?? repository.upstream().remote]
        var results: [[String: Any]] = []
        for target in remotes {
            var options = FetchOptions()
            options.jobs = global.jobs(jobs, remote: target)
            options.prune = prune
            options.progress = global.progress
            let transport = try RemoteTransports.open(
                url: target.url, config: global.transportConfig(for: target), repository: repository)
            let result = try await repository.fetch(from: target, transport: transport, options: options)
            if global.json {
                results.append(TransferRenderer.json(result).merging(["remote": target.name]) { a, _ in a })
            } else if !global.quiet {
                print(TransferRenderer.human(result, remoteName: target.name), terminator: "")
            }
        }
        if global.json { try printJSON(all ? results as Any : results.first as Any) }
    }
}
