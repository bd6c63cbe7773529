import MLVObjects
import MLVStorage

public struct LogEntry: Sendable {
    public var id: ObjectID
    public var commit: Commit
    /// The parents inside the range asked for (all parents, less the excluded ones), which a
    /// graph draws lines to.
    public var parentsInRange: [ObjectID]

    public init(id: ObjectID, commit: Commit, parentsInRange: [ObjectID]? = nil) {
        self.id = id
        self.commit = commit
        self.parentsInRange = parentsInRange ?? commit.parents
    }
}

/// The order `log` lists commits in.
public enum LogOrder: Sendable {
    /// Newest committer time first (git log's default).
    case date
    /// No parent before all of its children, one line of history at a time (git's
    /// `--topo-order`, which `--graph` uses).
    case topological
}

extension Repository {
    /// Commits reachable from `starts` but not from `excluding`, in `order`.
    /// - Complexity: `.date`: O(n log n) in the commits visited, stopping after `limit`;
    ///   `.topological`: reads every commit in the range first.
    public func log(
        from starts: [ObjectID], limit: Int? = nil, excluding: [ObjectID] = [], order: LogOrder
    ) throws -> [LogEntry] {
        guard order == .topological else { return try log(from: starts, limit: limit, excluding: excluding) }
        return try topologicalLog(from: starts, limit: limit, excluding: excluding)
    }

    /// Commits reachable from `starts`, newest committer time first (ties by id), as git log.
    /// - Complexity: O(n log n) in the commits visited; stops after `limit`.
    public func log(from starts: [ObjectID], limit: Int? = nil, excluding: [ObjectID] = []) throws -> [LogEntry] {
        var hidden: Set<ObjectID> = []
        var stack = excluding
        while let id = stack.popLast() {
            if hidden.insert(id).inserted { stack += try commit(id).parents }
        }
        var queue: [LogEntry] = []
        var seen: Set<ObjectID> = []
        for id in starts where seen.insert(id).inserted && !hidden.contains(id) {
            let commit = try self.commit(id)
            queue.append(
                LogEntry(id: id, commit: commit, parentsInRange: commit.parents.filter { !hidden.contains($0) }))
        }
        var out: [LogEntry] = []
        while !queue.isEmpty {
            if let limit, out.count >= limit { break }
            // Take the newest (queues stay small: one entry per live branch line).
            var best = 0
            for i in queue.indices.dropFirst() {
                let (a, b) = (queue[i].commit.committer.time, queue[best].commit.committer.time)
                if a > b || (a == b && queue[i].id < queue[best].id) { best = i }
            }
            let entry = queue.remove(at: best)
            out.append(entry)
            for parent in entry.commit.parents where seen.insert(parent).inserted && !hidden.contains(parent) {
                let commit = try self.commit(parent)
                queue.append(
                    LogEntry(id: parent, commit: commit, parentsInRange: commit.parents.filter { !hidden.contains($0) })
                )
            }
        }
        return out
    }
}

extension Repository {
    /// git's topological order for graphs: count each commit's children in the range; start from
    /// the tips, newest committer time first (ties in the order given); then repeatedly show the
    /// commit on top of a stack and push each parent whose children have all been shown, so a
    /// merge's second parent line is shown before its first parent's.
    func topologicalLog(from starts: [ObjectID], limit: Int?, excluding: [ObjectID]) throws -> [LogEntry] {
        var graph = CommitGraph(self)
        let hidden = try graph.ancestors(of: excluding)
        var children: [ObjectID: Int] = [:]
        var stack = starts.filter { !hidden.contains($0) }
        while let id = stack.popLast() {
            guard children[id] == nil else { continue }
            children[id] = 0
            stack += try graph.parents(id).filter { !hidden.contains($0) }
        }
        for id in children.keys {
            for parent in try graph.parents(id) where children[parent] != nil { children[parent, default: 0] += 1 }
        }
        var tips: [ObjectID] = []
        for id in starts where children[id] == 0 && !tips.contains(id) { tips.append(id) }
        let timed = try tips.enumerated().map { (id: $0.element, time: try graph.time($0.element), order: $0.offset) }
        stack = timed.sorted { $0.time != $1.time ? $0.time > $1.time : $0.order < $1.order }.map(\.id).reversed()
        var out: [LogEntry] = []
        while let id = stack.popLast() {
            if let limit, out.count >= limit { break }
            let commit = try self.commit(id)
            out.append(LogEntry(id: id, commit: commit, parentsInRange: commit.parents.filter { children[$0] != nil }))
            for parent in commit.parents {
                guard let count = children[parent] else { continue }
                children[parent] = count - 1
                if count == 1 { stack.append(parent) }
            }
        }
        return out
    }
}
