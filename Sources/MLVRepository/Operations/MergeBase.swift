import MLVObjects
import MLVStorage

/// Parents and committer times of commits, each commit read once per walk.
///
/// Ancestry walks (merge bases, topological log) visit a commit several times; decoding it from
/// its pack each time would dominate their cost.
struct CommitGraph {
    let repository: Repository
    private var cache: [ObjectID: (parents: [ObjectID], time: Int64)] = [:]

    init(_ repository: Repository) {
        self.repository = repository
    }

    mutating func parents(_ id: ObjectID) throws -> [ObjectID] { try node(id).parents }

    mutating func time(_ id: ObjectID) throws -> Int64 { try node(id).time }

    private mutating func node(_ id: ObjectID) throws -> (parents: [ObjectID], time: Int64) {
        if let known = cache[id] { return known }
        let commit = try repository.commit(id)
        let node = (commit.parents, commit.committer.time)
        cache[id] = node
        return node
    }

    /// `starts` and every commit reachable from them.
    /// - Complexity: O(commits reached).
    mutating func ancestors(of starts: [ObjectID]) throws -> Set<ObjectID> {
        var seen: Set<ObjectID> = []
        var stack = starts
        while let id = stack.popLast() {
            if seen.insert(id).inserted { stack += try parents(id) }
        }
        return seen
    }

    /// Newest committer time first, ties by id, so that lists of commits print the same way on
    /// every run.
    mutating func sortedNewestFirst(_ ids: some Sequence<ObjectID>) throws -> [ObjectID] {
        let timed = try ids.map { (id: $0, time: try time($0)) }
        return timed.sorted { $0.time != $1.time ? $0.time > $1.time : $0.id < $1.id }.map(\.id)
    }
}

extension Repository {
    /// The best common ancestors of two commits, as `git merge-base --all`: the common
    /// ancestors that are not ancestors of another common ancestor.
    ///
    /// A criss-cross history has several; they are returned newest committer time first (ties
    /// by id). The list is empty when the histories are unrelated. A commit is its own ancestor,
    /// so the merge base of a commit and its descendant is the commit.
    /// - Complexity: O(commits reachable from `a` or `b`); each is read once.
    public func mergeBases(_ a: ObjectID, _ b: ObjectID) throws -> [ObjectID] {
        var graph = CommitGraph(self)
        return try mergeBases(of: [a], and: [b], graph: &graph)
    }

    /// Merge bases of two sets of commits, each set standing for one (possibly virtual) commit
    /// whose parents are its members. Used to merge several merge bases recursively.
    func mergeBases(of a: [ObjectID], and b: [ObjectID], graph: inout CommitGraph) throws -> [ObjectID] {
        let fromA = try graph.ancestors(of: a)
        var common: Set<ObjectID> = []
        var seen: Set<ObjectID> = []
        var stack = b
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            if fromA.contains(id) {
                // Everything below a common commit is common too; it is found by the next walk.
                common.insert(id)
            } else {
                stack += try graph.parents(id)
            }
        }
        // A common commit below another one is not a best common ancestor.
        var redundant: Set<ObjectID> = []
        var below: [ObjectID] = []
        for id in common { below += try graph.parents(id) }
        while let id = below.popLast() {
            if redundant.insert(id).inserted { below += try graph.parents(id) }
        }
        return try graph.sortedNewestFirst(common.subtracting(redundant))
    }
}
