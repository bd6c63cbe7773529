import MLVObjects
import MLVStorage

public struct LogEntry: Sendable {
    public var id: ObjectID
    public var commit: Commit
}

extension Repository {
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
            queue.append(LogEntry(id: id, commit: try commit(id)))
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
                queue.append(LogEntry(id: parent, commit: try commit(parent)))
            }
        }
        return out
    }
}
