import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage

/// `/<repo>/-/tree/<rev>/<path>`: the folders and files of a folder at a revision, with sizes;
/// a file's URL redirects to its blob page.
struct TreePage {
    let context: RepositoryContext
    let rest: [String]

    func response() throws -> ServiceResponse {
        let segments = rest.isEmpty ? ["HEAD"] : rest
        let (revision, commitID, path) = try context.splitRevision(segments)
        let repository = context.repository
        guard let entry = try repository.entry(at: path, inTree: repository.commit(commitID).tree) else {
            throw WebError.notFound("path '\(path)' does not exist in '\(revision)'")
        }
        guard entry.mode == .directory else {
            return context.ui.redirect(context.blobURL(revision, path))
        }
        let tree = try repository.tree(entry.id)
        var body =
            "<p>\(breadcrumbs(revision, path)) <span class=\"muted\">at</span> \(context.commitLink(commitID))</p>"
        body += "<table><tr><th>name</th><th class=\"n\">size</th><th></th></tr>"
        if !path.isRoot {
            body += "<tr><td>\(HTML.link(context.treeURL(revision, path.parent), ".."))</td><td></td><td></td></tr>"
        }
        let sorted = tree.entries.sorted {
            ($0.mode == .directory ? 0 : 1, $0.name) < ($1.mode == .directory ? 0 : 1, $1.name)
        }
        for child in sorted {
            let childPath = path.appending(child.name)
            if child.mode == .directory {
                body +=
                    "<tr><td>📁 \(HTML.link(context.treeURL(revision, childPath), child.name + "/"))</td><td></td><td></td></tr>"
            } else {
                body += "<tr><td>\(HTML.link(context.blobURL(revision, childPath), child.name))</td>"
                body += "<td class=\"n\">\(HTML.size(child.size))</td>"
                body += "<td>\(HTML.link(context.rawURL(revision, childPath), "raw"))</td></tr>"
            }
        }
        body += "</table>"
        let title = path.isRoot ? "Files at \(revision)" : "\(path.rawValue)/ at \(revision)"
        return context.ui.html(context.page(title, revision: revision, body))
    }

    /// `root / a / b` with each folder linked.
    func breadcrumbs(_ revision: String, _ path: RepoPath) -> String {
        var out = HTML.link(context.treeURL(revision), "root")
        var current = RepoPath.root
        for component in path.components {
            current = current.appending(component)
            out += " / " + HTML.link(context.treeURL(revision, current), component)
        }
        return out
    }
}
