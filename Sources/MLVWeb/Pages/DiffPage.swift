import MLVDiff
import MLVObjects
import MLVRepository
import MLVStorage

/// `/<repo>/-/diff/<a>..<b>[/<path>]`: content diffs between two commits (an empty `<a>` is the
/// empty tree) as `mlv diff` computes them, text, table, tensor or chunks by the file's kind,
/// rendered as HTML.
struct DiffPage {
    let context: RepositoryContext
    let rest: [String]

    /// Lines of a text diff and row changes of a table diff shown per file.
    static let maxLines = 5000
    static let maxRowChanges = 500

    func render() throws -> String {
        let (old, new, oldText, newText, path) = try parse()
        let repository = context.repository
        let sides: DiffSides = old.map { .commits($0, new) } ?? .trees(nil, try repository.commit(new).tree)
        let changes = try repository.changedFiles(sides, paths: [path])
        let limit = context.options.diffFileLimit
        var body = "<p>\(old.map(context.commitLink) ?? "empty tree") → \(context.commitLink(new))"
        if !path.isRoot { body += " · <code>\(HTML.escape(path.rawValue))</code>" }
        body += " · \(changes.count) file\(changes.count == 1 ? "" : "s") changed</p>"
        if changes.count > limit {
            body +=
                "<p class=\"notice\">Showing the content of the first \(limit) files; open a file's diff for the rest.</p>"
        }
        let shown = changes.prefix(limit).map(\.path)
        var diffs: [RepoPath: FileDiff] = [:]
        for diff in try repository.diff(sides, paths: shown.isEmpty ? [path] : Array(shown)) {
            diffs[diff.change.path] = diff
        }
        for change in changes {
            let link = HTML.link(context.diffURL(old, new, change.path), change.path.rawValue)
            guard let diff = diffs[change.path] else {
                body += "<h2><span class=\"mono\">\(change.kind.rawValue)</span> \(link)</h2>"
                continue
            }
            body += "<h2><span class=\"mono\">\(change.kind.rawValue)</span> \(link) "
            body += "<span class=\"muted\">\(diff.kind) · \(HTML.escape(diff.summary))</span></h2>"
            for warning in diff.warnings { body += "<p class=\"notice\">\(HTML.escape(warning))</p>" }
            switch diff.content {
            case .text(let text): body += DiffPage.text(text)
            case .table(let table): body += DiffPage.table(table)
            case .tensor(let tensors): body += DiffPage.tensor(tensors)
            case .binary(let binary): body += "<p>\(HTML.escape(binary.summary))</p>"
            }
        }
        let title = "Diff \(oldText.isEmpty ? "(empty)" : oldText)..\(newText)"
        return context.page(title, revision: newText, body)
    }

    /// The two commits, as given, and the path limit.
    private func parse() throws -> (ObjectID?, ObjectID, String, String, RepoPath) {
        guard !rest.isEmpty else { throw WebError.notFound("give two revisions as <a>..<b>") }
        for count in 1...rest.count {
            let spec = rest[..<count].joined(separator: "/")
            guard let range = spec.range(of: "..") else { continue }
            let oldText = String(spec[..<range.lowerBound])
            let newText = String(spec[range.upperBound...])
            guard !newText.isEmpty, let new = try? context.repository.resolveCommit(newText) else { continue }
            var old: ObjectID?
            if !oldText.isEmpty {
                guard let id = try? context.repository.resolveCommit(oldText) else { continue }
                old = id
            }
            let pathText = rest[count...].joined(separator: "/")
            guard let path = pathText.isEmpty ? RepoPath.root : RepoPath(pathText) else {
                throw WebError.badRequest("invalid path '\(pathText)'")
            }
            return (old, new, oldText, newText, path)
        }
        throw WebError.notFound("'\(rest.joined(separator: "/"))' does not name two revisions as <a>..<b>")
    }

    static func text(_ diff: TextDiff) -> String {
        guard !diff.hunks.isEmpty else { return "<p class=\"muted\">No line changes.</p>" }
        var out = "<table class=\"diff mono\">"
        var lines = 0
        for hunk in diff.hunks {
            out += "<tr class=\"hunk\"><td colspan=\"3\">\(HTML.escape(hunk.header))</td></tr>"
            var oldLine = hunk.oldStart
            var newLine = hunk.newStart
            for line in hunk.lines {
                lines += 1
                if lines > maxLines {
                    return out + "</table><p class=\"notice\">Only the first \(maxLines) lines are shown.</p>"
                }
                let (mark, style, numbers): (String, String, (String, String))
                switch line.kind {
                case .inserted:
                    (mark, style, numbers) = ("+", "add", ("", String(newLine)))
                    newLine += 1
                case .deleted:
                    (mark, style, numbers) = ("-", "del", (String(oldLine), ""))
                    oldLine += 1
                default:
                    (mark, style, numbers) = (" ", "", (String(oldLine), String(newLine)))
                    oldLine += 1
                    newLine += 1
                }
                out +=
                    "<tr class=\"\(style)\"><td class=\"n muted\">\(numbers.0)</td><td class=\"n muted\">\(numbers.1)</td>"
                out += "<td>\(mark)\(HTML.escape(line.text))</td></tr>"
            }
        }
        return out + "</table>"
    }

    static func table(_ diff: TableDiff) -> String {
        var out =
            "<p>\(diff.oldRows) → \(diff.newRows) rows: +\(diff.rowsAdded) −\(diff.rowsRemoved) ~\(diff.rowsModified)"
        if !diff.keys.isEmpty { out += " · key \(HTML.escape(diff.keys.joined(separator: ", ")))" }
        out += "</p>"
        let schema = diff.schema
        if !schema.isEmpty {
            out += "<ul>"
            for column in schema.added { out += "<li class=\"add\">column added: \(HTML.escape(column))</li>" }
            for column in schema.removed { out += "<li class=\"del\">column removed: \(HTML.escape(column))</li>" }
            for change in schema.typeChanges {
                out += "<li>type of \(HTML.escape(change.column)): \(change.old.rawValue) → \(change.new.rawValue)</li>"
            }
            if schema.reordered { out += "<li>columns reordered</li>" }
            out += "</ul>"
        }
        guard !diff.rows.isEmpty else { return out }
        out += "<table><tr><th></th><th>old row</th><th>new row</th><th>key</th><th>values</th></tr>"
        for row in diff.rows.prefix(maxRowChanges) {
            let style = row.kind == .added ? "add" : row.kind == .removed ? "del" : ""
            let mark = row.kind == .added ? "+" : row.kind == .removed ? "−" : "~"
            out += "<tr class=\"\(style)\"><td>\(mark)</td><td class=\"n\">\(row.oldRow.map(String.init) ?? "")</td>"
            out += "<td class=\"n\">\(row.newRow.map(String.init) ?? "")</td>"
            out += "<td>\(HTML.escape(row.key.joined(separator: ", ")))</td><td>"
            if row.kind == .modified {
                out += row.cells.map {
                    "<strong>\(HTML.escape($0.column))</strong>: <span class=\"del\">\(HTML.escape($0.old))</span> → "
                        + "<span class=\"add\">\(HTML.escape($0.new))</span>"
                }.joined(separator: "<br>")
            } else {
                out += HTML.escape(row.values.joined(separator: ", "))
            }
            out += "</td></tr>"
        }
        out += "</table>"
        let hidden = diff.omittedRows + max(0, diff.rows.count - maxRowChanges)
        if hidden > 0 { out += "<p class=\"notice\">\(hidden) more row changes are not shown.</p>" }
        return out
    }

    static func tensor(_ diff: TensorDiff) -> String {
        var out =
            "<p>\(diff.changes.count) tensor change\(diff.changes.count == 1 ? "" : "s"), \(diff.unchangedCount) unchanged</p>"
        if !diff.changes.isEmpty {
            out += "<table><tr><th></th><th>tensor</th><th>old</th><th>new</th><th class=\"n\">changed</th>"
            out += "<th class=\"n\">max |Δ|</th><th class=\"n\">mean |Δ|</th><th class=\"n\">cosine</th></tr>"
            for change in diff.changes {
                func layout(_ value: TensorChange.Layout?) -> String {
                    value.map { "\($0.dtype.description) \($0.shapeText)" } ?? ""
                }
                let name = change.oldName.map { "\(HTML.escape($0)) → " } ?? ""
                out += "<tr><td>\(change.kind.rawValue)</td><td class=\"mono\">\(name)\(HTML.escape(change.name))</td>"
                out +=
                    "<td class=\"mono\">\(HTML.escape(layout(change.old)))</td><td class=\"mono\">\(HTML.escape(layout(change.new)))</td>"
                if let stats = change.statistics {
                    out += "<td class=\"n\">\(stats.changedElements) of \(stats.elementCount)</td>"
                    out += "<td class=\"n\">\(HTML.number(stats.maxAbsDifference))</td>"
                    out += "<td class=\"n\">\(HTML.number(stats.meanAbsDifference))</td>"
                    out += "<td class=\"n\">\(stats.cosineSimilarity.map(HTML.number) ?? "")</td></tr>"
                } else {
                    out += "<td></td><td></td><td></td><td></td></tr>"
                }
            }
            out += "</table>"
        }
        if !diff.metadataChanges.isEmpty {
            out += "<table><tr><th>metadata</th><th>old</th><th>new</th></tr>"
            for change in diff.metadataChanges {
                out += "<tr><td>\(HTML.escape(change.key))</td><td>\(HTML.escape(change.old ?? ""))</td>"
                out += "<td>\(HTML.escape(change.new ?? ""))</td></tr>"
            }
            out += "</table>"
        }
        return out
    }
}
