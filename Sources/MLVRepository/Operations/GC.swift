import Foundation
import MLVStorage

extension Repository {
    /// Collects garbage: everything reachable from refs, reflogs, HEAD and the index stays;
    /// packs are rewritten without the rest (plan, then execute unless `dryRun`).
    /// Refuses when the repository has problems that could make live objects look unreachable.
    /// `extraRoots` are kept too (with what they reach) when present: the commits and files that
    /// a git repository around the worktree still names (docs/GIT.md, "Garbage collection").
    public func gc(dryRun: Bool, extraRoots: GCRoots = GCRoots()) throws -> RepackResult {
        try withLock { _ in
            var problems: [String] = []
            let keep = try reachableObjects(problems: &problems, extra: extraRoots)
            if let first = problems.first {
                throw RepositoryError(
                    .corrupt, "refusing to collect garbage: \(first)", hint: "run 'mlv fsck' and repair first")
            }
            return try objects.repack(keeping: { keep.contains(ObjectKey($0, $1)) }, dryRun: dryRun)
        }
    }
}

/// Objects to keep beside refs, reflogs and the index; ids the store lacks are skipped.
public struct GCRoots: Sendable {
    /// Commits kept with their history, trees and files.
    public var commits: [ObjectID] = []
    /// File manifests kept with their chunks.
    public var files: [ObjectID] = []

    public init(commits: [ObjectID] = [], files: [ObjectID] = []) {
        self.commits = commits
        self.files = files
    }
}
