import MLVObjects
import MLVRepository
import MLVStorage

extension RunHistory {
    /// The numeric metrics of the runs one commit names.
    public struct MetricPoint: Sendable, Equatable {
        public var commit: ObjectID
        /// The commit's author time, seconds since 1970.
        public var time: Int64
        /// The first line of the commit message.
        public var subject: String
        /// "stage.metric" → value, finite numbers only.
        public var metrics: [String: Double]

        public init(commit: ObjectID, time: Int64, subject: String, metrics: [String: Double]) {
            self.commit = commit
            self.time = time
            self.subject = subject
            self.metrics = metrics
        }
    }

    /// The commits reachable from `tips` but not from `excluding` (log order reversed: oldest
    /// first) that name run records, at most `limit` of the newest of them, with their numeric
    /// metrics.
    ///
    /// The order is committer time, oldest first, except that a commit always comes after its
    /// parents even when clocks disagree or tie. Metrics that are not finite numbers are left
    /// out; a commit whose runs reported none still appears, with no metrics.
    /// - Complexity: reads every commit reachable from `tips`, and the run bundles of the at most
    ///   `limit` commits returned.
    public func metricHistory(
        from tips: [ObjectID], limit: Int? = nil, excluding: [ObjectID] = []
    ) throws -> [MetricPoint] {
        if let limit, limit <= 0 { return [] }
        var runs = Self.parentsFirst(try repository.log(from: tips, excluding: excluding).reversed())
            .filter { $0.commit.runRecord != nil }
        if let limit, runs.count > limit { runs.removeFirst(runs.count - limit) }
        // Decoding the run bundles is most of the work: spread it over the cores.
        let history = self
        return try runs.parallelMap { entry in
            var metrics: [String: Double] = [:]
            for record in try history.records(of: entry.id) {
                for (name, value) in record.metrics where value.isFinite {
                    metrics[record.stage + "." + name] = value
                }
            }
            return MetricPoint(
                commit: entry.id, time: entry.commit.author.time, subject: String(entry.commit.subject),
                metrics: metrics)
        }
    }

    /// `entries` (oldest first) reordered as little as needed so that every commit follows the
    /// parents among them: a depth-first walk that places a commit's parents before it.
    /// - Complexity: O(n) in the entries and their parents.
    static func parentsFirst(_ entries: [LogEntry]) -> [LogEntry] {
        var position: [ObjectID: Int] = [:]
        for (index, entry) in entries.enumerated() { position[entry.id] = index }
        var placed: Set<ObjectID> = []
        var out: [LogEntry] = []
        out.reserveCapacity(entries.count)
        for start in entries.indices where !placed.contains(entries[start].id) {
            var stack: [(index: Int, parentsPlaced: Bool)] = [(start, false)]
            while let (index, parentsPlaced) = stack.popLast() {
                let entry = entries[index]
                if placed.contains(entry.id) { continue }
                if parentsPlaced {
                    placed.insert(entry.id)
                    out.append(entry)
                    continue
                }
                stack.append((index, true))
                for parent in entry.parentsInRange.reversed() where !placed.contains(parent) {
                    if let parentIndex = position[parent] { stack.append((parentIndex, false)) }
                }
            }
        }
        return out
    }
}
