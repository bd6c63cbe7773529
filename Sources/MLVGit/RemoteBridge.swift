import Foundation
import MLVRemote
import MLVRepository
import MLVStorage

/// Where mlv's remotes meet the git integration (docs/GIT.md, "Hooks" and "Missing objects"):
/// fetching the objects a lock or a pointer names when this clone lacks them, and pushing the
/// objects of the locks in the git commits being pushed.
///
/// The mlv remote for a git remote `<g>` is `git.remote.<g>` in mlv's config, else an mlv
/// remote named `<g>`. Fetching (which knows no git remote) uses the one paired with `origin`,
/// else the only mlv remote.
enum MissingObjects {
    /// What to tell the user when objects are missing and no remote could supply them.
    static let advice =
        "add the mlv remote that holds them ('mlv remote add origin <url>') or copy the objects into this worktree's .mlv, then run 'mlv git restore' (docs/GIT.md, \"Missing objects\")"

    /// Fetches the closure of `commits` and the content of `files` from the mlv remote this
    /// worktree fetches from; returns false, fetching nothing, when there is none.
    static func fetch(
        commits: [ObjectID], files: [ObjectID], into repository: Repository, environment: [String: String]
    ) throws -> Bool {
        guard let remote = RemotePairing.fetchRemote(of: repository) else { return false }
        let transport = try RemotePairing.open(remote, repository: repository, environment: environment)
        var options = FetchOptions()
        options.jobs = remote.jobs ?? RemoteTransports.defaultJobs(for: remote.url)
        _ = try RemoteBlocking.run { [options] in
            try await repository.fetchObjects(commits: commits, files: files, transport: transport, options: options)
        }
        return true
    }
}

/// The result of pre-push for one git remote.
public struct PushOutcome: Sendable, Equatable {
    /// A line for the user.
    public var message: String
    /// Whether git's push may go ahead.
    public var allowed: Bool
}

enum RemotePush {
    /// Uploads what the mlv commits named by the pushed locks reach to the mlv remote paired with
    /// `gitRemote`, and moves that remote's matching branches when it is a fast-forward. Without a
    /// paired remote it says so and lets the push go ahead; a failed upload stops git's push.
    static func push(
        _ updates: [BranchUpdate], gitRemote: String, repository: Repository, environment: [String: String]
    ) throws -> PushOutcome {
        guard let remote = RemotePairing.pushRemote(of: repository, gitRemote: gitRemote) else {
            return PushOutcome(
                message:
                    "mlv: no mlv remote paired with git remote '\(gitRemote)'; set `mlv config git.remote.\(gitRemote) <mlv-remote>`",
                allowed: true)
        }
        let commits = Array(Set(updates.map(\.commit))).sorted { $0.description < $1.description }
        guard !commits.isEmpty else {
            return PushOutcome(message: "mlv: the pushed commits have no mlv.lock; nothing to upload", allowed: true)
        }
        let transport = try RemotePairing.open(remote, repository: repository, environment: environment)
        var options = PushOptions()
        options.jobs = remote.jobs ?? RemoteTransports.defaultJobs(for: remote.url)
        let result = try RemoteBlocking.run { [options] in
            try await repository.pushObjects(
                of: commits, to: remote, transport: transport, branches: updates, options: options)
        }
        var message =
            "mlv: uploaded \(result.sent.objects) object(s), \(result.sent.bytes) bytes, to mlv remote '\(remote.name)'"
        if !result.notFastForward.isEmpty {
            message +=
                "; left \(result.notFastForward.joined(separator: ", ")) there as it was (not a fast-forward; 'mlv push --force' moves it)"
        }
        return PushOutcome(message: message, allowed: true)
    }
}

/// Which mlv remote goes with a git remote.
enum RemotePairing {
    static func pushRemote(of repository: Repository, gitRemote: String) -> Remote? {
        if let name = repository.config["git.remote.\(gitRemote)"] { return try? repository.remote(named: name) }
        return try? repository.remote(named: gitRemote)
    }

    static func fetchRemote(of repository: Repository) -> Remote? {
        if let paired = pushRemote(of: repository, gitRemote: "origin") { return paired }
        let remotes = repository.remotes()
        return remotes.count == 1 ? remotes[0] : nil
    }

    static func open(_ remote: Remote, repository: Repository, environment: [String: String]) throws
        -> any RemoteTransport
    {
        let config = RemoteTransportConfig(
            remote: remote, environment: environment, currentDirectory: repository.layout.root)
        return try RemoteTransports.open(url: remote.url, config: config, repository: repository)
    }
}
