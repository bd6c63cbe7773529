import Foundation
import MLVStorage

public struct InitOptions: Sendable {
    /// The branch HEAD names before the first commit.
    public var initialBranch = "main"
    /// A repository without a worktree (`core.bare = true`), the usual target of pushes.
    public var bare = false
    public init() {}
}

public struct InitResult: Sendable {
    public var repository: Repository
    /// True when `.mlv/` existed already; nothing was changed then, as in git.
    public var reinitialized: Bool
}

extension Repository {
    /// Creates `.mlv/` in `root` (docs/FORMAT.md §1). Running it again on a repository is harmless.
    public static func initialize(at root: URL, options: InitOptions = InitOptions()) throws -> InitResult {
        let layout = RepositoryLayout(root: root)
        if FileManager.default.fileExists(atPath: layout.config.path) {
            return InitResult(repository: try Repository(root: root), reinitialized: true)
        }
        guard let branch = RefName.branch(options.initialBranch) else {
            throw RepositoryError(.invalidRefName, "'\(options.initialBranch)' is not a valid branch name")
        }
        let fm = FileManager.default
        do {
            for dir in [
                layout.objects.appendingPathComponent("pack"), layout.refs.appendingPathComponent("heads"),
                layout.refs.appendingPathComponent("tags"), layout.logs, layout.tmp,
            ] {
                try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            }
        } catch {
            throw RepositoryError.io("cannot create '\(layout.mlv.path)'", error)
        }
        try AtomicFile.write(Array("ref: \(branch)\n".utf8), to: layout.head, temporaryDirectory: layout.tmp)
        var config = Config()
        config.set("core.formatVersion", String(Repository.formatVersion))
        if options.bare { config.set("core.bare", "true") }
        let params = ChunkerParameters.standard
        config.set("core.chunking", "gear-v1 \(params.minSize) \(params.averageSize) \(params.maxSize)")
        // The config is written last: a folder without it is not a repository yet.
        try AtomicFile.write(Array(config.serialized().utf8), to: layout.config, temporaryDirectory: layout.tmp)
        return InitResult(repository: try Repository(root: root), reinitialized: false)
    }
}
