import Foundation
import MLVStorage

extension Repository {
    /// Collects garbage: everything reachable from refs, reflogs, HEAD and the index stays;
    /// packs are rewritten without the rest (plan, then execute unless `dryRun`).
    /// Refuses when the repository has problems that could make live objects look unreachable.
    public func gc(dryRun: Bool) throws -> RepackResult {
        try withLock { _ in
            var problems: [String] = []
            let keep = try reachableObjects(problems: &problems)
            if let first = problems.first {
                throw RepositoryError(
                    .corrupt, "refusing to collect garbage: \(first)", hint: "run 'mlv fsck' and repair first")
            }
            return try objects.repack(keeping: { keep.contains(ObjectKey($0, $1)) }, dryRun: dryRun)
        }
    }
}
