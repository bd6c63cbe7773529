import ArgumentParser
import Foundation
import MLVRemote
import MLVRepository

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Fetch from a remote and merge its branch into the current one.",
        discussion: "Exit status 1 when the merge stopped with conflicts (see 'mlv status').")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .customLong("ff-only"), help: "Only fast-forward; fail when the histories diverged.") var ffOnly = false
    @Option(name: [.short, .long], help: "Parallel downloads (default: 2 for folders).") var jobs: Int?
    @Argument(help: "The remote (default: the branch's upstream, or origin).") var remote: String?
    @Argument(help: "The remote branch (default: the upstream branch).") var branch: String?

    func run() async throws {
        let repository = try global.openRepository()
        var target: Remote
        var remoteRef: String
        if let remote {
            target = try repository.remote(named: remote)
            if let branch {
                remoteRef = RefName.headsPrefix + branch
            } else {
                guard case .branch(let current, _) = try repository.head() else {
                    throw ValidationError("HEAD is detached; name the remote branch to pull")
                }
                remoteRef = current.rawValue
            }
        } else {
            let upstream = try repository.upstream()
            (target, remoteRef) = (upstream.remote, upstream.remoteRef)
        }
        var fetchOptions = FetchOptions()
        fetchOptions.jobs = global.jobs(jobs, remote: target)
        fetchOptions.progress = global.progress
        var mergeOptions = MergeOptions(identity: global.identity)
        mergeOptions.fastForward = ffOnly ? .only : .allowed
        mergeOptions.fileMerger = ContentFileMerger(attributes: repository.attributes())
        mergeOptions.progress = global.progress
        let transport = try RemoteTransports.open(
            url: target.url, config: global.transportConfig(for: target), repository: repository)
        let result = try await repository.pull(
            from: target, remoteRef: remoteRef, transport: transport, fetchOptions: fetchOptions,
            mergeOptions: mergeOptions)
        for warning in result.merge.warnings { FileHandleOutput.stderr("warning: \(warning)") }
        if global.json {
            try printJSON(["fetch": TransferRenderer.json(result.fetch), "merge": MergeRenderer.json(result.merge)])
        } else if !global.quiet {
            print(TransferRenderer.human(result.fetch, remoteName: target.name), terminator: "")
            print(MergeRenderer.human(result.merge), terminator: "")
        }
        if result.merge.outcome == .conflicted { throw NegativeAnswer() }
    }
}
