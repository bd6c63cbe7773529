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
    /// The order is git's topological order reversed, so a commit always comes after its parents
    /// even when clocks disagree. Metrics that are not finite numbers are left out; a commit whose
    /// runs reported none still appears, with no metrics.
    /// - Complexity: reads every commit reachable from `tips`, and the run bundles of the at most
    ///   `limit` commits returned.
    public func metricHistory(
        from tips: [ObjectID], limit: Int? = nil, excluding: [ObjectID] = []
    ) throws -> [MetricPoint] {
        if let limit, limit <= 0 { return [] }
        var points: [MetricPoint] = []
        for entry in try repository.log(from: tips, excluding: excluding, order: .topological)
        where entry.commit.runRecord != nil {
            if let limit, points.count >= limit { break }
            var metrics: [String: Double] = [:]
            for record in try records(of: entry.id) {
                for (name, value) in record.metrics where value.isFinite {
                    metrics[record.stage + "." + name] = value
                }
            }
            points.append(
                MetricPoint(
                    commit: entry.id, time: entry.commit.author.time, subject: String(entry.commit.subject),
                    metrics: metrics))
        }
        return points.reversed()
    }
}
