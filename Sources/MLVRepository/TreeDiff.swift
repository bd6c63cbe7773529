import MLVObjects
import MLVStorage

/// One file that differs between two trees (or a tree and the index or worktree).
public struct TreeChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case added = "A"
        case modified = "M"
        case deleted = "D"
        case typeChanged = "T"
    }

    public var path: RepoPath
    public var kind: Kind
    public var oldID: ObjectID?
    public var newID: ObjectID?
    public var oldSize: UInt64?
    public var newSize: UInt64?
}

extension Repository {
    /// Files that differ between two trees (nil is the empty tree), sorted by path.
    public func diffTrees(_ old: ObjectID?, _ new: ObjectID?) throws -> [TreeChange] {
        let oldFiles = try old.map { try files(ofTree: $0) } ?? []
        let newFiles = try new.map { try files(ofTree: $0) } ?? []
        return Repository.diffFiles(oldFiles, newFiles)
    }

    /// Differences between two sorted file lists.
    static func diffFiles(_ old: [TreeFile], _ new: [TreeFile]) -> [TreeChange] {
        var changes = [TreeChange]()
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if j == new.count || (i < old.count && old[i].path < new[j].path) {
                changes.append(TreeChange(path: old[i].path, kind: .deleted, oldID: old[i].id, oldSize: old[i].size))
                i += 1
            } else if i == old.count || new[j].path < old[i].path {
                changes.append(TreeChange(path: new[j].path, kind: .added, newID: new[j].id, newSize: new[j].size))
                j += 1
            } else {
                let (a, b) = (old[i], new[j])
                if a.id != b.id || a.mode != b.mode {
                    let kind: TreeChange.Kind = (a.mode == .symlink) != (b.mode == .symlink) ? .typeChanged : .modified
                    changes.append(
                        TreeChange(path: a.path, kind: kind, oldID: a.id, newID: b.id, oldSize: a.size, newSize: b.size)
                    )
                }
                i += 1
                j += 1
            }
        }
        return changes
    }
}
