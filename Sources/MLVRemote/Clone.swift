import Foundation
import MLVRepository
import MLVStorage

/// Knobs of ``Repository/clone(url:into:config:options:)``.
public struct CloneOptions: Sendable {
    /// The branch to check out; the remote's HEAD when nil.
    public var branch: String?
    /// Partial clone: fetch file manifests and chunks only under these paths (`--include`),
    /// and check out only them; the rest is fetched when an operation needs it.
    public var include: [String] = []
    /// The name of the remote to record.
    public var remoteName = "origin"
    public var jobs: Int?
    public var identity: Identity
    public var progress: any MLVRepository.Progress = SilentProgress()

    public init(identity: Identity) {
        self.identity = identity
    }
}

/// The outcome of a clone.
public struct CloneResult: Sendable {
    public var repository: Repository
    public var fetch: FetchResult
    /// The branch checked out; nil when the remote was empty.
    public var branch: String?
}

extension Repository {
    /// Clones the repository at `url` into the new or empty folder `root` (docs/PROTOCOL.md §3.4):
    /// init, add the remote, fetch, create the branch from its remote-tracking ref and check it
    /// out (only the included paths for a partial clone).
    ///
    /// - Throws: `.invalidArgument` when `root` exists and is not empty; fetch errors as they come
    ///   (the half-made folder is removed then).
    ///
    /// - Parameter transport: the transport to use, when the caller opened it already (tests of a
    ///   transport); by default ``RemoteTransports/open(url:config:repository:)`` opens it.
    public static func clone(
        url: String, into root: URL, config transportConfig: RemoteTransportConfig, options: CloneOptions,
        transport opened: (any RemoteTransport)? = nil
    ) async throws -> CloneResult {
        let fm = FileManager.default
        let existed = fm.fileExists(atPath: root.path)
        if existed, !((try? fm.contentsOfDirectory(atPath: root.path))?.isEmpty ?? false) {
            throw RemoteError(
                .invalidArgument, "destination path '\(root.path)' already exists and is not an empty directory")
        }
        let transport = try opened ?? RemoteTransports.open(url: url, config: transportConfig)
        do {
            let remoteRefs = try await transport.listRefs()
            var branch = options.branch
            if branch == nil, let head = remoteRefs.head, remoteRefs.refs[head] != nil {
                branch = String(head.dropFirst(RefName.headsPrefix.count))
            }
            if let name = branch, remoteRefs.refs[RefName.headsPrefix + name] == nil {
                throw RemoteError(.badRemote, "remote branch '\(name)' not found in \(transport.location)")
            }
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
            var initOptions = InitOptions()
            initOptions.initialBranch = branch ?? "main"
            let repository = try Repository.initialize(at: root, options: initOptions).repository
            let include = options.include.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            // A clone by relative path must keep working from inside the clone.
            var remote = Remote(name: options.remoteName, url: url, partial: include, jobs: options.jobs)
            remote.url = try Remote.recordedURL(url, relativeTo: transportConfig.currentDirectory)
            try repository.addRemote(remote, relativeTo: transportConfig.currentDirectory)
            let cloned = try Repository(root: root)
            var fetchOptions = FetchOptions()
            fetchOptions.include = include
            fetchOptions.jobs = options.jobs ?? RemoteTransports.defaultJobs(for: url)
            fetchOptions.progress = options.progress
            let fetched = try await cloned.fetch(from: remote, transport: transport, options: fetchOptions)
            guard let branch, let id = fetched.remoteRefs.refs[RefName.headsPrefix + branch] else {
                return CloneResult(repository: cloned, fetch: fetched, branch: nil)
            }
            var config = cloned.config
            config.set("branch.\(branch).remote", remote.name)
            config.set("branch.\(branch).merge", RefName.headsPrefix + branch)
            try cloned.writeConfig(config)
            let checkedOut = try Repository(root: root)
            var checkout = CheckoutOptions(identity: options.identity)
            checkout.progress = options.progress
            if include.isEmpty {
                _ = try checkedOut.switchToNewBranch(branch, start: id.description, options: checkout)
            } else {
                guard let ref = RefName.branch(branch) else {
                    throw RemoteError(.invalidArgument, "'\(branch)' is not a valid branch name")
                }
                try checkedOut.refs.update(ref, to: id, expecting: .absent, log: .remote("clone: from \(url)"))
                let paths = include.compactMap { RepoPath($0) }
                _ = try checkedOut.checkoutPartial(branch, includes: paths)
            }
            return CloneResult(repository: checkedOut, fetch: fetched, branch: branch)
        } catch {
            if !existed { try? fm.removeItem(at: root) }
            throw error
        }
    }
}
