import MLVObjects
import MLVRepository
import MLVStorage

/// `/<repo>/-/log/<rev>?page=N`: the history of a revision in topological order with its graph,
/// a page of ``WebUI/Options/logPageSize`` commits at a time.
struct LogPage {
    let context: RepositoryContext
    let revision: String

    func render() throws -> String {
        let revision = revision.isEmpty ? "HEAD" : revision
        let tip = try context.resolve(revision)
        let page = try context.pageNumber()
        let size = context.options.logPageSize
        let end = page * size
        // Topological order reads the whole range first, so the list is kept per tip; the
        // graph's lanes need every row above the page, which costs nothing but the layout.
        let key = context.repository.layout.root.path + "\n" + tip.description
        let entries = try context.ui.logCache.value(key) {
            try context.repository.log(from: [tip], order: .topological)
        }
        let start = (page - 1) * size
        guard start < entries.count else { throw WebError.notFound("page \(page) of '\(revision)' is empty") }
        let labels = try refLabels()
        var graph = LogGraph()
        var rows: [(LogEntry, LogGraph.Row)] = []
        for (index, entry) in entries.prefix(end).enumerated() {
            let row = graph.next(entry.id, parents: entry.parentsInRange)
            if index >= start { rows.append((entry, row)) }
        }
        let width = rows.map(\.1.width).max() ?? 1
        var body = "<table class=\"graph\">"
        for (entry, row) in rows {
            let commit = entry.commit
            var refs = ""
            for label in labels[entry.id] ?? [] { refs += "<span class=\"ref\">\(HTML.escape(label))</span>" }
            let run = commit.runRecord == nil ? "" : " <span class=\"ref\">run</span>"
            body += "<tr><td>\(LogGraph.svg(row, width: width))</td>"
            body += "<td>\(context.commitLink(entry.id))</td>"
            body += "<td>\(refs)\(HTML.link(context.commitURL(entry.id), commit.subjectText))\(run)</td>"
            body += "<td class=\"muted\">\(HTML.escape(commit.author.name))</td>"
            body += "<td class=\"muted\">\(HTML.date(commit.author))</td></tr>"
        }
        body += "</table><p>"
        let here = context.url("log", HTML.path(revision))
        if page > 1 { body += HTML.link("\(here)?page=\(page - 1)", "← newer") + " " }
        if entries.count > end { body += HTML.link("\(here)?page=\(page + 1)", "older →") }
        body += "</p>"
        return context.page("Log of \(revision)", revision: revision, body)
    }

    /// Branch and tag names by the commit they point at.
    private func refLabels() throws -> [ObjectID: [String]] {
        var labels: [ObjectID: [String]] = [:]
        for branch in try context.repository.branches() { labels[branch.id, default: []].append(branch.name.shortName) }
        for tag in try context.repository.tags() {
            labels[tag.commit, default: []].append("tag: " + tag.name.shortName)
        }
        return labels
    }
}
