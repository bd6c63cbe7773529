import MLVRepository
import MLVStorage

/// Where mlv's remotes plug into the git integration: fetching objects a lock or pointer names,
/// and pushing the objects pushed git commits need. Remotes (MLVRemote) are not in this build
/// yet; these two functions are the only places that will call them (docs/GIT.md, "Remotes").
enum MissingObjects {
    /// What to tell the user when objects are missing.
    static let advice =
        "copy or fetch the mlv objects into this worktree's .mlv (see docs/GIT.md, \"Missing objects\"), then run 'mlv git restore'"

    /// Fetches `ids` from the mlv remote paired with this repository, if any; returns whether it
    /// fetched anything. Until remotes exist there is nothing to fetch from, so it returns false.
    // REMOTES: fetch `ids` (and what they reach) from the configured remote here.
    static func fetch(_ ids: [ObjectID], into repository: Repository) throws -> Bool {
        false
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
    /// Pushes the mlv objects that the locks of the pushed git commits name to the mlv remote
    /// paired with `gitRemote` (`git.remote.<name>` in mlv's config). Until remotes exist it
    /// only says what is (not) configured, and lets the push go ahead.
    // REMOTES: upload `commits` (mlv commits named by the pushed locks) to `mlvRemote` here.
    static func push(commits: [ObjectID], gitRemote: String, repository: Repository) throws -> PushOutcome {
        guard let mlvRemote = repository.config["git.remote.\(gitRemote)"] else {
            return PushOutcome(
                message:
                    "mlv: no mlv remote paired with git remote '\(gitRemote)'; set `mlv config git.remote.\(gitRemote) <mlv-remote>`",
                allowed: true)
        }
        return PushOutcome(
            message:
                "mlv: git remote '\(gitRemote)' is paired with mlv remote '\(mlvRemote)', but this mlv cannot push to remotes yet; \(commits.count) mlv commit(s) were not uploaded",
            allowed: true)
    }
}
