import MLVRepository
import MLVStorage

/// The data of `mlv plot`: metrics across commits, one series per metric and revision
/// selection, over one shared x axis.
///
/// The x axis is every run commit of the union of the selections, oldest first (git's
/// topological order reversed, so a commit always follows its parents), so commits of different
/// branches sit in the order they were made and shared history sits once. With one selection
/// its series has a value at every commit. With several, the first selection's series covers
/// every commit it reaches; a later one covers its own commits (those no earlier selection
/// reaches) and the shared commit it starts from, so a branch's line forks off the line before
/// it rather than hiding it; nil elsewhere.
public struct MetricPlot: Sendable {
    /// A revision or range the plot covers (`main`, `v1..feature`), as resolved commits.
    public struct Selection: Sendable {
        /// What the user typed; names the series when there are several selections.
        public var label: String
        public var tips: [ObjectID]
        public var excluding: [ObjectID]

        public init(label: String, tips: [ObjectID], excluding: [ObjectID] = []) {
            self.label = label
            self.tips = tips
            self.excluding = excluding
        }
    }

    /// One line: a metric over the commits of one selection.
    public struct Series: Sendable, Equatable {
        /// The metric's full name, "stage.metric".
        public var metric: String
        /// The selection's label; nil when the plot has one selection.
        public var selection: String?
        /// One value per commit of ``MetricPlot/commits``; nil where the series does not cover
        /// the commit (see above) or its runs did not report the metric.
        public var values: [Double?]
    }

    /// The x positions: run commits, oldest first.
    public var commits: [RunHistory.MetricPoint]
    /// The metrics asked for, by full name, in the order asked.
    public var metrics: [String]
    public var series: [Series]

    /// The series of `metric`, one per selection.
    public func series(of metric: String) -> [Series] { series.filter { $0.metric == metric } }

    /// The full metric names `names` stand for among `available`: "train.accuracy" as is,
    /// "accuracy" when exactly one stage reports it. Throws for an ambiguous or unknown name
    /// (with a suggestion when one is close), naming it.
    public static func resolve(_ names: [String], available: Set<String>) throws -> [String] {
        var resolved: [String] = []
        for name in names {
            if available.contains(name) {
                if !resolved.contains(name) { resolved.append(name) }
                continue
            }
            let matches = available.filter { bareName($0) == name }.sorted()
            if matches.count == 1 {
                if !resolved.contains(matches[0]) { resolved.append(matches[0]) }
            } else if matches.count > 1 {
                throw PipelineError(
                    .invalidInput, "metric '\(name)' is ambiguous: \(matches.joined(separator: ", "))",
                    hint: "name the stage, as in '\(matches[0])'")
            } else {
                let candidates = available.union(available.map(bareName))
                throw PipelineError(
                    .invalidInput, "no run reports the metric '\(name)'",
                    hint: Spelling.hint(for: name, among: candidates)
                        ?? (available.isEmpty
                            ? nil : "metrics recorded: \(available.sorted().prefix(12).joined(separator: ", "))"))
            }
        }
        return resolved
    }

    /// The metric's name without its stage ("accuracy" for "train.accuracy").
    static func bareName(_ full: String) -> String {
        guard let dot = full.firstIndex(of: ".") else { return full }
        return String(full[full.index(after: dot)...])
    }
}

extension RunHistory {
    /// The plot of `names` over the run commits of `selections` (at most `limit` of the newest).
    /// Throws when no selected commit names run records, and for a metric name no run reports
    /// or that several stages report (``MetricPlot/resolve(_:available:)``).
    /// - Complexity: reads every commit reachable from the selections, and the run bundles of
    ///   the commits plotted.
    public func metricPlot(_ names: [String], selections: [MetricPlot.Selection], limit: Int? = nil) throws
        -> MetricPlot
    {
        let excluding = selections.count == 1 ? selections[0].excluding : []
        var commits = try metricHistory(from: selections.flatMap(\.tips), limit: limit, excluding: excluding)
        // Each selection's own exclusions apply to it alone: keep the commits some selection reaches.
        let membership = selections.count > 1 ? try selections.map { try reachable($0) } : nil
        if let membership {
            commits.removeAll { point in !membership.contains { $0.contains(point.commit) } }
        }
        guard !commits.isEmpty else {
            let labels = selections.map(\.label).joined(separator: ", ")
            throw PipelineError(
                .invalidInput, "no commit in \(labels) names run records", hint: "record runs with 'mlv run --commit'")
        }
        let available = commits.reduce(into: Set<String>()) { $0.formUnion($1.metrics.keys) }
        let metrics = try MetricPlot.resolve(names, available: available)
        var series: [MetricPlot.Series] = []
        let shown = membership.map { Self.shownPositions(commits.map(\.commit), membership: $0) }
        for metric in metrics {
            for (index, selection) in selections.enumerated() {
                let values = commits.indices.map { position -> Double? in
                    if let shown, !shown[index].contains(position) { return nil }
                    return commits[position].metrics[metric]
                }
                series.append(
                    MetricPlot.Series(
                        metric: metric, selection: selections.count > 1 ? selection.label : nil, values: values))
                if selections.count == 1 { break }
            }
        }
        return MetricPlot(commits: commits, metrics: metrics, series: series)
    }

    /// The positions each selection's series covers: the first selection every commit it
    /// reaches; a later one only the commits no earlier selection reaches, plus the shared commit
    /// it starts from (the last shared one before its first own commit), so a branch's line leaves
    /// the line it forked from instead of being drawn over it.
    static func shownPositions(_ commits: [ObjectID], membership: [Set<ObjectID>]) -> [Set<Int>] {
        var result: [Set<Int>] = []
        for (index, reach) in membership.enumerated() {
            let earlier = membership[..<index]
            var positions: Set<Int> = []
            var lastShared: Int?
            for (position, commit) in commits.enumerated() where reach.contains(commit) {
                if earlier.contains(where: { $0.contains(commit) }) {
                    if positions.isEmpty { lastShared = position }
                } else {
                    positions.insert(position)
                }
            }
            if let lastShared, !positions.isEmpty { positions.insert(lastShared) }
            // The first selection, and one with no commits of its own, shows all it reaches.
            if index == 0 || positions.isEmpty {
                positions = Set(commits.indices.filter { reach.contains(commits[$0]) })
            }
            result.append(positions)
        }
        return result
    }

    /// The commits a selection reaches.
    private func reachable(_ selection: MetricPlot.Selection) throws -> Set<ObjectID> {
        Set(try repository.log(from: selection.tips, excluding: selection.excluding).map(\.id))
    }
}
