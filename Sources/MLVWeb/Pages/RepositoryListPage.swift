import Foundation
import MLVRemote
import MLVRepository

/// `/`: every repository under the server's root (folders holding a `.mlv` folder, up to four
/// levels deep, dot folders and symlinks skipped), with the newest commit of each.
struct RepositoryListPage {
    let ui: WebUI
    /// At most this many repositories are listed.
    static let limit = 1000
    static let depth = 4

    func render() -> String {
        let names = RepositoryListPage.find(root: ui.service.root)
        var body = ""
        if names.isEmpty {
            body = "<p class=\"muted\">No repositories under this server's root.</p>"
        } else {
            body = "<table><tr><th>repository</th><th>last commit</th><th>date</th></tr>"
            for name in names {
                let base = RepositoryContext.base(name)
                var last = "<td class=\"muted\">no commits</td><td></td>"
                if let repository = try? ui.open(name), let id = try? repository.head().commitID,
                    let commit = try? repository.commit(id)
                {
                    last =
                        "<td>\(HTML.escape(commit.subject))</td><td class=\"muted\">\(HTML.date(commit.author))</td>"
                }
                let shown = name.isEmpty ? "/ (root)" : name.joined(separator: "/")
                body += "<tr><td>\(HTML.link(base + "/log/HEAD", shown))</td>\(last)</tr>"
            }
            body += "</table>"
            if names.count >= RepositoryListPage.limit {
                body += "<p class=\"notice\">Only the first \(RepositoryListPage.limit) repositories are listed.</p>"
            }
        }
        return Page(title: "Repositories", body: body).render()
    }

    /// The repositories under `root` as path segments, sorted; the root itself first when it is one.
    static func find(root: URL) -> [[String]] {
        var found: [[String]] = []
        func isRepository(_ url: URL) -> Bool {
            FileStat.of(url.appendingPathComponent(".mlv").path)?.kind == .directory
        }
        func walk(_ url: URL, _ names: [String]) {
            guard found.count < limit else { return }
            if isRepository(url) { found.append(names) }
            guard names.count < depth,
                let children = try? FileManager.default.contentsOfDirectory(atPath: url.path)
            else { return }
            for child in children.sorted() where RemoteService.isSafeSegment(child) {
                let childURL = url.appendingPathComponent(child)
                guard FileStat.of(childURL.path)?.kind == .directory else { continue }
                walk(childURL, names + [child])
            }
        }
        walk(root, [])
        return found
    }
}
