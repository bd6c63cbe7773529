import MLVObjects
import MLVPipeline
import MLVRepository
import MLVStorage

/// `/<repo>/-/lineage/<rev>/<path>`: which run produced a file (commit, stage, what ran,
/// parameters, seed), from which inputs, walking back through inputs that runs produced in turn.
struct LineagePage {
    let context: RepositoryContext
    let rest: [String]

    /// How many producing runs deep the walk goes.
    static let maxDepth = 12

    func render() throws -> String {
        let (revision, commit, path) = try context.splitRevision(rest)
        guard !path.isRoot else { throw WebError.notFound("give a file: lineage/<rev>/<path>") }
        guard try context.repository.entry(at: path, inTree: context.repository.commit(commit).tree) != nil else {
            throw WebError.notFound("path '\(path)' does not exist in '\(revision)'")
        }
        var visited: Set<String> = []
        let key = context.repository.layout.root.path + "\n" + commit.description
        let producers = try context.ui.outputsCache.value(key) { try outputIndex(commit) }
        let body = try node(path, at: commit, depth: 0, visited: &visited, producers: producers)
        return context.page("Lineage of \(path.rawValue)", revision: revision, body)
    }

    /// One file and, when a run produced it, that run and the lineage of each of its inputs.
    private func node(
        _ path: RepoPath, at commit: ObjectID, depth: Int, visited: inout Set<String>,
        producers: [String: Set<ObjectID>]
    ) throws -> String {
        let fileLink = HTML.link(context.blobURL(commit.description, path), path.rawValue)
        guard let entry = try context.repository.entry(at: path, inTree: context.repository.commit(commit).tree) else {
            return
                "<p><code>\(HTML.escape(path.rawValue))</code> <span class=\"muted\">is not in \(commit.abbreviated)</span></p>"
        }
        let key = path.rawValue + "\n" + entry.id.description
        guard visited.insert(key).inserted else {
            return "<p>\(fileLink) <span class=\"muted\">(shown above)</span></p>"
        }
        let candidates = producers[path.rawValue + "\n" + entry.id.description] ?? []
        guard let (producer, record) = try producer(of: path, id: entry.id, at: commit, candidates: candidates) else {
            return "<p>\(fileLink) <span class=\"mono muted\">\(entry.id.abbreviated)</span> "
                + "<span class=\"muted\">— no recorded run produced it (source data)</span></p>"
        }
        var out = "<p>\(fileLink) <span class=\"mono muted\">\(entry.id.abbreviated)</span> — produced by stage "
        out += "<strong>\(HTML.escape(record.stage))</strong> in \(context.commitLink(producer))</p>"
        out += RunRecordView(context: context, revision: producer.description).render(record)
        guard depth < LineagePage.maxDepth else {
            return out + "<p class=\"notice\">Lineage deeper than \(LineagePage.maxDepth) runs is not shown.</p>"
        }
        if !record.inputs.isEmpty {
            out += "<ul class=\"lineage\">"
            // The inputs as they were when the run happened: at the producing commit's first
            // parent (the run read them before committing), or at the producer itself.
            let before = try context.repository.commit(producer).parents.first ?? producer
            for input in record.inputs.keys.sorted() {
                let at = try inputCommit(input, id: record.inputs[input], candidates: [producer, before])
                out +=
                    "<li>" + (try node(input, at: at, depth: depth + 1, visited: &visited, producers: producers))
                    + "</li>"
            }
            out += "</ul>"
        }
        return out
    }

    /// Which run produced the file `id` at `path` as it is in `commit`: the newest commit at or
    /// before it whose run records list `path` among their outputs with that id, as
    /// ``RunHistory/lineage(of:at:)`` answers, but walking history only when `candidates` (the
    /// run commits that output this path and id) is not empty: source files cost nothing.
    private func producer(
        of path: RepoPath, id: ObjectID, at commit: ObjectID, candidates: Set<ObjectID>
    ) throws -> (ObjectID, RunRecord)? {
        guard !candidates.isEmpty else { return nil }
        for entry in try context.repository.log(from: [commit]) where candidates.contains(entry.id) {
            for record in try context.records(of: entry.id) where record.outputs[path] == id {
                return (entry.id, record)
            }
        }
        return nil
    }

    /// For every run commit reachable from `tip`, the (path, file id) of each output it names,
    /// mapped to those commits; read once per tip (every run bundle), then kept.
    private func outputIndex(_ tip: ObjectID) throws -> [String: Set<ObjectID>] {
        let key = context.repository.layout.root.path + "\n" + tip.description
        let log = try context.ui.logCache.value(key) { try context.repository.log(from: [tip], order: .topological) }
        // Decoding every run bundle is most of the work: spread it over the cores.
        let history = RunHistory(repository: context.repository)
        let bundles = try log.filter { $0.commit.runRecord != nil }.parallelMap { entry in
            (entry.id, try history.records(of: entry.id))
        }
        var index: [String: Set<ObjectID>] = [:]
        for (commit, records) in bundles {
            for record in records {
                for (path, id) in record.outputs {
                    index[path.rawValue + "\n" + id.description, default: []].insert(commit)
                }
            }
        }
        return index
    }

    /// The first candidate commit whose tree holds `path` with the recorded id (or the first).
    private func inputCommit(_ path: RepoPath, id: ObjectID?, candidates: [ObjectID]) throws -> ObjectID {
        for candidate in candidates {
            let entry = try context.repository.entry(at: path, inTree: context.repository.commit(candidate).tree)
            if let entry, entry.id == id { return candidate }
        }
        return candidates[0]
    }
}
