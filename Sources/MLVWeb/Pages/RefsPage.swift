import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage

/// `/<repo>/-/refs`: branches (the current one marked) and tags, each with its commit's id,
/// date and subject.
struct RefsPage {
    let context: RepositoryContext

    func render() throws -> String {
        let repository = context.repository
        var body = "<h2>Branches</h2>"
        let branches = try repository.branches()
        body += try table(branches.map { ($0.name.shortName, $0.id, $0.isCurrent) })
        body += "<h2>Tags</h2>"
        body += try table(try repository.tags().map { ($0.name.shortName, $0.commit, false) })
        return context.page("Branches and tags", body)
    }

    private func table(_ refs: [(name: String, commit: ObjectID, current: Bool)]) throws -> String {
        guard !refs.isEmpty else { return "<p class=\"muted\">none</p>" }
        var out = "<table><tr><th>name</th><th>commit</th><th>date</th><th>subject</th><th></th></tr>"
        for ref in refs {
            let commit = try context.repository.commit(ref.commit)
            let name = HTML.link(context.url("log", HTML.path(ref.name)), ref.name)
            out += "<tr><td>\(name)\(ref.current ? " <span class=\"ref\">HEAD</span>" : "")</td>"
            out += "<td>\(context.commitLink(ref.commit))</td><td class=\"muted\">\(HTML.date(commit.author))</td>"
            out += "<td>\(HTML.escape(commit.subject))</td>"
            out += "<td>\(HTML.link(context.treeURL(ref.name), "files"))</td></tr>"
        }
        return out + "</table>"
    }
}
