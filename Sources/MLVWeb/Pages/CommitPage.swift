import MLVObjects
import MLVPipeline
import MLVRepository
import MLVStorage

/// `/<repo>/-/commit/<rev>`: author, dates, message, parents, the files it changed (renames
/// paired by content) with sizes and links to their diffs, and its run records.
struct CommitPage {
    let context: RepositoryContext
    let revision: String

    /// One changed file, with a rename shown as one row.
    struct Change {
        var kind: String
        var path: RepoPath
        var oldPath: RepoPath?
        var oldSize: UInt64?
        var newSize: UInt64?
    }

    func render() throws -> String {
        let id = try context.resolve(revision)
        let commit = try context.repository.commit(id)
        let rev = id.description
        var body = "<table>"
        body += "<tr><th>commit</th><td class=\"mono\">\(id.description)</td></tr>"
        body += "<tr><th>author</th><td>\(HTML.escape(commit.author.name)) &lt;\(HTML.escape(commit.author.email))&gt;"
        body += " · \(HTML.date(commit.author))</td></tr>"
        if commit.committer != commit.author {
            body +=
                "<tr><th>committer</th><td>\(HTML.escape(commit.committer.name)) · \(HTML.date(commit.committer))</td></tr>"
        }
        for parent in commit.parents {
            body += "<tr><th>parent</th><td>\(context.commitLink(parent)) · "
            body += HTML.link(context.diffURL(parent, id), "diff") + "</td></tr>"
        }
        body += "<tr><th>files</th><td>" + HTML.link(context.treeURL(rev), "browse") + " · "
        body += HTML.link(context.url("log", rev), "log") + "</td></tr></table>"
        body += "<pre>\(HTML.escape(commit.message))</pre>"
        let parent = commit.parents.first
        let parentTree = try parent.map { try context.repository.commit($0).tree }
        let changes = CommitPage.pairRenames(try context.repository.diffTrees(parentTree, commit.tree))
        body +=
            "<h2>Changes (\(changes.count) files\(commit.parents.count > 1 ? ", against the first parent" : ""))</h2>"
        if changes.isEmpty {
            body += "<p class=\"muted\">No files changed.</p>"
        } else {
            body +=
                "<table><tr><th></th><th>path</th><th class=\"n\">old size</th><th class=\"n\">new size</th><th></th></tr>"
            for change in changes {
                let name =
                    change.newSize == nil
                    ? HTML.escape(change.path.rawValue)
                    : HTML.link(context.blobURL(rev, change.path), change.path.rawValue)
                let from = change.oldPath.map { " <span class=\"muted\">from \(HTML.escape($0.rawValue))</span>" } ?? ""
                body += "<tr><td class=\"mono\">\(change.kind)</td><td>\(name)\(from)</td>"
                body += "<td class=\"n\">\(change.oldSize.map(HTML.size) ?? "")</td>"
                body += "<td class=\"n\">\(change.newSize.map(HTML.size) ?? "")</td>"
                body += "<td>\(HTML.link(context.diffURL(parent, id, change.path), "diff"))</td></tr>"
            }
            body += "</table>"
        }
        let records = try context.records(of: id)
        if !records.isEmpty {
            body += "<h2>Run records (\(records.count))</h2>"
            let view = RunRecordView(context: context, revision: rev)
            for record in records { body += view.render(record) }
            body += "<p>" + HTML.link(context.url("metrics", rev), "metrics across commits") + "</p>"
        }
        return context.page(commit.subjectText.isEmpty ? id.abbreviated : commit.subjectText, revision: rev, body)
    }

    /// Tree changes with each deleted file whose content reappears as an added file shown as a
    /// rename (`R`).
    static func pairRenames(_ changes: [TreeChange]) -> [Change] {
        var deletedByID: [ObjectID: [TreeChange]] = [:]
        for change in changes where change.kind == .deleted {
            if let id = change.oldID { deletedByID[id, default: []].append(change) }
        }
        var renamedFrom: Set<RepoPath> = []
        var out: [Change] = []
        for change in changes where change.kind != .deleted {
            if change.kind == .added, let id = change.newID, var candidates = deletedByID[id], !candidates.isEmpty {
                let old = candidates.removeFirst()
                deletedByID[id] = candidates
                renamedFrom.insert(old.path)
                out.append(
                    Change(
                        kind: "R", path: change.path, oldPath: old.path, oldSize: old.oldSize, newSize: change.newSize))
            } else {
                out.append(
                    Change(
                        kind: change.kind.rawValue, path: change.path, oldSize: change.oldSize, newSize: change.newSize)
                )
            }
        }
        for change in changes where change.kind == .deleted && !renamedFrom.contains(change.path) {
            out.append(Change(kind: "D", path: change.path, oldSize: change.oldSize))
        }
        return out.sorted { $0.path < $1.path }
    }
}
