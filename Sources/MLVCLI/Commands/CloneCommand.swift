import ArgumentParser
import Foundation
import MLVRemote
import MLVRepository

struct CloneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone", abstract: "Copy a repository from a remote into a new folder.")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .long], help: "The branch to check out (default: the remote's HEAD).") var branch: String?
    @Option(
        name: .long,
        help: "Partial clone: fetch and check out only this path (repeatable); the rest is fetched when needed.")
    var include: [String] = []
    @Option(name: [.short, .long], help: "Parallel downloads (default: 2 for folders).") var jobs: Int?
    @Argument(help: "A path, file://, http(s):// or s3:// url.") var url: String
    @Argument(help: "The folder to create (default: the url's last component).") var directory: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        for path in include where RepoPath(path.hasSuffix("/") ? String(path.dropLast()) : path) == nil {
            throw ValidationError("--include '\(path)' is not a repository path")
        }
    }

    func run() async throws {
        var name = directory
        if name == nil {
            var last = url
            while last.hasSuffix("/") { last.removeLast() }
            last = String(last.split(separator: "/").last ?? "repository")
            if last.hasSuffix(".mlv") { last.removeLast(4) }
            name = last.isEmpty ? "repository" : last
        }
        let root =
            name?.hasPrefix("/") == true
            ? URL(fileURLWithPath: name ?? "") : global.currentDirectory.appendingPathComponent(name ?? "")
        if !global.quiet && !global.json { FileHandleOutput.stderr("Cloning into '\(name ?? "")'...") }
        var options = CloneOptions(identity: global.identity)
        options.branch = branch
        options.include = include
        options.jobs = jobs
        options.progress = global.progress
        let result = try await Repository.clone(
            url: url, into: root, config: global.transportConfig(for: nil), options: options)
        if global.json {
            try printJSON([
                "path": result.repository.layout.root.path, "branch": result.branch as Any,
                "objects_received": result.fetch.received.objects, "bytes_received": result.fetch.received.bytes,
            ])
        } else if result.branch == nil && !global.quiet {
            FileHandleOutput.stderr("warning: You appear to have cloned an empty repository.")
        }
    }
}
