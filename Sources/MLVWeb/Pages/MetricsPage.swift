import MLVObjects
import MLVPipeline
import MLVRepository
import MLVStorage

/// `/<repo>/-/metrics/<rev>`: every numeric metric of the run records reachable from a revision
/// (the newest ``WebUI/Options/metricsCommitLimit`` run commits), oldest first, as a table of
/// values per commit.
struct MetricsPage {
    let context: RepositoryContext
    let revision: String

    /// The metrics one commit's run records report.
    struct Point: Sendable, Equatable {
        var commit: ObjectID
        var time: Int64
        var subject: String
        /// `stage.metric` → value.
        var metrics: [String: Double]
    }

    func render() throws -> String {
        let revision = revision.isEmpty ? "HEAD" : revision
        let tip = try context.resolve(revision)
        let key = context.repository.layout.root.path + "\n" + tip.description
        let points = try context.ui.metricsCache.value(key) { try history(tip) }
        var body = ""
        if points.isEmpty {
            body += "<p class=\"muted\">No commit reachable from \(HTML.escape(revision)) names run records.</p>"
            return context.page("Metrics at \(revision)", revision: revision, body)
        }
        let names = Set(points.flatMap(\.metrics.keys)).sorted()
        body +=
            "<p>\(points.count) commit\(points.count == 1 ? "" : "s") with run records, \(names.count) metric\(names.count == 1 ? "" : "s").</p>"
        body += "<h2>Values</h2><table><tr><th>commit</th><th>date</th><th>subject</th>"
        for name in names { body += "<th class=\"n\">\(HTML.escape(name))</th>" }
        body += "</tr>"
        for point in points.reversed() {
            body += "<tr><td>\(context.commitLink(point.commit))</td>"
            body += "<td class=\"muted\">\(HTML.date(Signature(name: "", email: "", time: point.time)))</td>"
            body += "<td>\(HTML.escape(point.subject))</td>"
            for name in names { body += "<td class=\"n\">\(point.metrics[name].map(HTML.number) ?? "")</td>" }
            body += "</tr>"
        }
        body += "</table>"
        return context.page("Metrics at \(revision)", revision: revision, body)
    }

    /// The commits reachable from `tip` that name run records (the newest of them, up to the
    /// limit), oldest first, with their metrics keyed `stage.metric`.
    func history(_ tip: ObjectID) throws -> [Point] {
        let runs = RunHistory(repository: context.repository)
        var points: [Point] = []
        for entry in try context.repository.log(from: [tip]) where entry.commit.runRecord != nil {
            if points.count >= context.options.metricsCommitLimit { break }
            var metrics: [String: Double] = [:]
            for record in try runs.records(of: entry.id) {
                for (name, value) in record.metrics { metrics[record.stage + "." + name] = value }
            }
            points.append(
                Point(
                    commit: entry.id, time: entry.commit.author.time, subject: entry.commit.subjectText,
                    metrics: metrics))
        }
        return points.reversed()
    }
}
