import MLVObjects
import MLVPipeline
import MLVRepository
import MLVStorage

/// What a repository's pages share: the open repository, its name and base URL, the query and
/// the options, with helpers that build links and resolve revisions.
struct RepositoryContext {
    let repository: Repository
    /// The repository's path under the root, decoded; empty for the root itself.
    let names: [String]
    let query: [String: String]
    let options: WebUI.Options
    let ui: WebUI

    /// `/team/data/-` (or `/-` for the root repository), encoded.
    static func base(_ names: [String]) -> String {
        "/" + names.map { HTML.segment($0) + "/" }.joined() + "-"
    }

    var base: String { RepositoryContext.base(names) }
    var name: String { names.joined(separator: "/") }

    /// A page of this repository, the page name followed by already encoded parts.
    func url(_ page: String, _ parts: String...) -> String {
        ([base, page] + parts.filter { !$0.isEmpty }).joined(separator: "/")
    }

    func commitURL(_ id: ObjectID) -> String { url("commit", id.description) }
    func treeURL(_ rev: String, _ path: RepoPath = .root) -> String {
        url("tree", HTML.path(rev), HTML.path(path.rawValue))
    }
    func blobURL(_ rev: String, _ path: RepoPath) -> String { url("blob", HTML.path(rev), HTML.path(path.rawValue)) }
    func rawURL(_ rev: String, _ path: RepoPath) -> String { url("raw", HTML.path(rev), HTML.path(path.rawValue)) }
    func lineageURL(_ rev: String, _ path: RepoPath) -> String {
        url("lineage", HTML.path(rev), HTML.path(path.rawValue))
    }
    /// The diff of `path` (or of everything) from `old` (nil: the empty tree) to `new`.
    func diffURL(_ old: ObjectID?, _ new: ObjectID, _ path: RepoPath = .root) -> String {
        url("diff", (old?.description ?? "") + ".." + new.description, HTML.path(path.rawValue))
    }

    /// A link to a commit showing its abbreviated id.
    func commitLink(_ id: ObjectID) -> String {
        "<a class=\"mono\" href=\"\(HTML.escape(commitURL(id)))\">\(id.abbreviated)</a>"
    }

    func page(_ title: String, revision: String = "HEAD", _ body: String) -> String {
        Page(title: title, repository: (name, base), revision: revision, body: body).render()
    }

    /// The commit `text` names; 404 when it names none.
    func resolve(_ text: String) throws -> ObjectID {
        guard !text.isEmpty else { throw WebError.notFound("no revision given") }
        do {
            return try repository.resolveCommit(text)
        } catch let error as RepositoryError where error.code == .unknownRevision || error.code == .invalidRefName {
            throw WebError.notFound("unknown revision '\(text)': \(error.message)")
        }
    }

    /// Splits decoded segments `<rev…>/<path…>` where the revision may itself hold `/`
    /// (`feature/x`): the shortest prefix that names a commit is the revision.
    func splitRevision(_ segments: [String]) throws -> (revision: String, commit: ObjectID, path: RepoPath) {
        guard !segments.isEmpty else { throw WebError.notFound("no revision given") }
        for count in 1...segments.count {
            let text = segments[..<count].joined(separator: "/")
            guard let id = try? repository.resolveCommit(text) else { continue }
            let rest = segments[count...].joined(separator: "/")
            guard let path = rest.isEmpty ? RepoPath.root : RepoPath(rest) else {
                throw WebError.badRequest("invalid path '\(rest)'")
            }
            return (text, id, path)
        }
        throw WebError.notFound("unknown revision '\(segments[0])'")
    }

    /// The run records `commit` names, read once per server and commit.
    func records(of commit: ObjectID) throws -> [RunRecord] {
        try ui.recordsCache.value(repository.layout.root.path + "\n" + commit.description) {
            try RunHistory(repository: repository).records(of: commit)
        }
    }

    /// A `?page=` number, 1-based; 400 for anything else.
    func pageNumber() throws -> Int {
        guard let text = query["page"] else { return 1 }
        guard let page = Int(text), page >= 1, page <= 10_000_000 else {
            throw WebError.badRequest("page must be a number from 1")
        }
        return page
    }
}

/// One short line for a commit: subject, author, date.
extension Commit {
    var subjectText: String { String(subject) }
}
