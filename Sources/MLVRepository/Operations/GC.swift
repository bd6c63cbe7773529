import Foundation
import MLVStorage

public struct GCPlan: Sendable {
    /// Objects that stay.
    public var keep: Set<ObjectKey>
    /// What the object store would drop and rewrite.
    public var repack: RepackPlan
}

extension Repository {
    /// Plans a collection: everything reachable from refs, reflogs and the index stays.
    /// Refuses when the repository has problems that could make live objects look unreachable.
    public func planGC() throws -> GCPlan {
        var problems: [String] = []
        let keep = try reachableObjects(problems: &problems)
        if let first = problems.first {
            throw RepositoryError(.corrupt, "refusing to collect garbage: \(first)", hint: "run 'mlv fsck' and repair first")
        }
        let plan = try objects.planRepack(keeping: { keep.contains(ObjectKey(id: $0, kind: $1)) })
        return GCPlan(keep: keep, repack: plan)
    }

    /// Runs a plan made by ``planGC()`` while holding the repository lock.
    public func executeGC(_ plan: GCPlan) throws -> RepackResult {
        try withLock { _ in
            try objects.executeRepack(plan.repack)
        }
    }
}
