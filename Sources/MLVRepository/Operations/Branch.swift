import Foundation
import MLVObjects
import MLVStorage

public struct BranchInfo: Sendable, Equatable {
    public var name: RefName
    public var id: ObjectID
    public var isCurrent: Bool
}

extension Repository {
    /// Local branches, sorted, with the current one marked.
    public func branches() throws -> [BranchInfo] {
        let head = try self.head()
        var current: RefName?
        if case .branch(let ref, _) = head { current = ref }
        return try refs.list(prefix: RefName.headsPrefix).map {
            BranchInfo(name: $0.name, id: $0.id, isCurrent: $0.name == current)
        }
    }

    /// Creates a branch at `start` (HEAD by default); refuses to replace one unless `force`.
    public func createBranch(_ name: String, start: String?, force: Bool, identity: Identity) throws -> ObjectID {
        guard let ref = RefName.branch(name) else {
            throw RepositoryError(.invalidRefName, "'\(name)' is not a valid branch name")
        }
        let id = try resolveCommit(start ?? "HEAD")
        if !force, try refs.read(ref) != nil {
            throw RepositoryError(.refConflict, "a branch named '\(name)' already exists")
        }
        try refs.update(
            ref, to: id, expecting: force ? .any : .absent,
            log: ReflogEntryContext(
                who: try identity.signature(for: self), message: "branch: Created from \(start ?? "HEAD")"))
        return id
    }

    /// Deletes a branch. Without `force`, refuses when its commits are not all in HEAD.
    public func deleteBranch(_ name: String, force: Bool) throws -> ObjectID {
        guard let ref = RefName.branch(name), case .direct(let id)? = try refs.read(ref) else {
            throw RepositoryError(.unknownRevision, "branch '\(name)' not found")
        }
        if case .branch(let current, _) = try head(), current == ref {
            throw RepositoryError(.refConflict, "cannot delete branch '\(name)': it is checked out")
        }
        if !force, let headID = try head().commitID, try !isAncestor(id, of: headID) {
            throw RepositoryError(
                .refConflict, "the branch '\(name)' is not fully merged",
                hint: "use 'mlv branch -D \(name)' to delete it anyway")
        }
        try refs.delete(ref, expecting: .value(id))
        return id
    }

    /// Renames a branch with its reflog; HEAD follows when it pointed at the old name.
    public func renameBranch(_ old: String, to new: String, identity: Identity) throws {
        guard let oldRef = RefName.branch(old), case .direct(let id)? = try refs.read(oldRef) else {
            throw RepositoryError(.unknownRevision, "branch '\(old)' not found")
        }
        guard let newRef = RefName.branch(new) else {
            throw RepositoryError(.invalidRefName, "'\(new)' is not a valid branch name")
        }
        let who = try identity.signature(for: self)
        try refs.update(
            newRef, to: id, expecting: .absent,
            log: ReflogEntryContext(who: who, message: "branch: renamed \(oldRef) to \(newRef)"))
        if case .branch(let current, _) = try head(), current == oldRef {
            try refs.setHead(
                .symbolic(newRef), log: ReflogEntryContext(who: who, message: "branch: renamed \(oldRef) to \(newRef)"))
        }
        try refs.delete(oldRef, expecting: .value(id))
    }

    /// Whether commit `ancestor` is reachable from `descendant` (or equal to it).
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool {
        var stack = [descendant]
        var seen: Set<ObjectID> = []
        while let id = stack.popLast() {
            if id == ancestor { return true }
            guard seen.insert(id).inserted else { continue }
            stack += try commit(id).parents
        }
        return false
    }
}
