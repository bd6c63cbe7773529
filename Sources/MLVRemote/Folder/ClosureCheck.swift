import Foundation
import MLVObjects
import MLVRepository
import MLVStorage

/// Checks, on the receiving side of a push, that everything a new ref value needs is stored
/// before the ref moves (docs/PROTOCOL.md §5).
///
/// Walks from the new commit (through an annotated tag), stopping at commits reachable from the
/// ref's old value, whose closure the repository already guarantees.
struct ClosureCheck {
    let repository: Repository
    private var seenTrees = Set<ObjectID>()
    private var seenFiles = Set<ObjectID>()

    init(repository: Repository) {
        self.repository = repository
    }

    /// The first object reachable from `new` and not from `old` that the repository lacks.
    ///
    /// - Complexity: O(new commits + their trees, manifests and chunk ids).
    mutating func firstMissing(from new: ObjectID, stoppingAt old: ObjectID?) throws -> ObjectKey? {
        let objects = repository.objects
        var tip = new
        if objects.contains(new, kind: .tag) {
            tip = try repository.tagObject(new).object
        }
        guard objects.contains(tip, kind: .commit) else { return ObjectKey(tip, .commit) }
        var known = Set<ObjectID>()
        if let old {
            var oldTip = old
            if objects.contains(old, kind: .tag) { oldTip = try repository.tagObject(old).object }
            if objects.contains(oldTip, kind: .commit) { known = try ancestors(of: oldTip) }
        }
        var stack = [tip]
        var visited = Set<ObjectID>()
        while let id = stack.popLast() {
            guard !known.contains(id), visited.insert(id).inserted else { continue }
            guard objects.contains(id, kind: .commit) else { return ObjectKey(id, .commit) }
            let commit = try repository.commit(id)
            if let missing = try firstMissing(inTree: commit.tree) { return missing }
            if let run = commit.runRecord, let missing = try firstMissing(inFile: run) { return missing }
            stack += commit.parents
        }
        return nil
    }

    private func ancestors(of tip: ObjectID) throws -> Set<ObjectID> {
        var result = Set<ObjectID>()
        var stack = [tip]
        while let id = stack.popLast() {
            guard result.insert(id).inserted, repository.objects.contains(id, kind: .commit) else { continue }
            stack += try repository.commit(id).parents
        }
        return result
    }

    private mutating func firstMissing(inTree id: ObjectID) throws -> ObjectKey? {
        guard seenTrees.insert(id).inserted else { return nil }
        guard repository.objects.contains(id, kind: .tree) else { return ObjectKey(id, .tree) }
        for entry in try repository.tree(id).entries {
            let missing =
                entry.mode == .directory ? try firstMissing(inTree: entry.id) : try firstMissing(inFile: entry.id)
            if let missing { return missing }
        }
        return nil
    }

    private mutating func firstMissing(inFile id: ObjectID) throws -> ObjectKey? {
        guard seenFiles.insert(id).inserted else { return nil }
        guard repository.objects.contains(id, kind: .file) else { return ObjectKey(id, .file) }
        for chunk in try repository.manifest(id).chunks where !repository.objects.contains(chunk.id, kind: .chunk) {
            return ObjectKey(chunk.id, .chunk)
        }
        return nil
    }
}
