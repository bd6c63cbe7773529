import Foundation

/// Where things live inside a repository (docs/FORMAT.md §1).
public struct RepositoryLayout: Sendable {
    /// The worktree root: the folder that holds `.mlv/`.
    public let root: URL
    /// The `.mlv` folder.
    public let mlv: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
        self.mlv = self.root.appendingPathComponent(".mlv")
    }

    public var config: URL { mlv.appendingPathComponent("config") }
    public var head: URL { mlv.appendingPathComponent("HEAD") }
    public var refs: URL { mlv.appendingPathComponent("refs") }
    public var logs: URL { mlv.appendingPathComponent("logs") }
    public var objects: URL { mlv.appendingPathComponent("objects") }
    public var index: URL { mlv.appendingPathComponent("index") }
    public var tmp: URL { mlv.appendingPathComponent("tmp") }
    /// Written during a merge: the commit being merged (as git's MERGE_HEAD).
    public var mergeHead: URL { mlv.appendingPathComponent("MERGE_HEAD") }
    /// The previous HEAD saved by reset and merge, as git's ORIG_HEAD.
    public var origHead: URL { mlv.appendingPathComponent("ORIG_HEAD") }
    /// The message a merge stopped by conflicts will commit with (git's MERGE_MSG).
    public var mergeMessage: URL { mlv.appendingPathComponent("MERGE_MSG") }
    /// The paths a merge changed and the helper files it wrote (``MergeState``).
    public var mergeState: URL { mlv.appendingPathComponent("MERGE_STATE") }

    /// The file that holds `ref` (a full name like `refs/heads/main` or `HEAD`).
    public func file(for ref: RefName) -> URL { mlv.appendingPathComponent(ref.rawValue) }

    /// The reflog of `ref`.
    public func log(for ref: RefName) -> URL { logs.appendingPathComponent(ref.rawValue) }

    /// The absolute path of a worktree path.
    public func worktreeURL(_ path: RepoPath) -> URL {
        path.isRoot ? root : root.appendingPathComponent(path.rawValue)
    }
}
