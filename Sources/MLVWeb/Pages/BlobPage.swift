import MLVDiff
import MLVFormats
import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage

/// `/<repo>/-/blob/<rev>/<path>`: one file at a revision, shown by its kind: safetensors/NPY as
/// their tensor list, CSV/TSV as a paged table, text as a bounded preview, anything else as its
/// size and chunks; `/<repo>/-/raw/<rev>/<path>` downloads it, streamed chunk by chunk.
struct BlobPage {
    let context: RepositoryContext
    let rest: [String]

    /// The file's revision, path, entry and manifest; a folder redirects to its tree page.
    private func locate() throws -> (revision: String, path: RepoPath, entry: Tree.Entry, manifest: FileManifest) {
        let (revision, commitID, path) = try context.splitRevision(rest)
        let repository = context.repository
        guard !path.isRoot, let entry = try repository.entry(at: path, inTree: repository.commit(commitID).tree) else {
            throw WebError.notFound("path '\(path)' does not exist in '\(revision)'")
        }
        guard entry.mode != .directory else { throw Redirect(to: context.treeURL(revision, path)) }
        return (revision, path, entry, try repository.manifest(entry.id))
    }

    func response() throws -> ServiceResponse {
        let located: (revision: String, path: RepoPath, entry: Tree.Entry, manifest: FileManifest)
        do {
            located = try locate()
        } catch let redirect as Redirect {
            return context.ui.redirect(redirect.location)
        }
        let (revision, path, entry, manifest) = located
        let prefix = try readPrefix(manifest, count: max(context.options.textPreviewBytes + 1, 65536))
        var body = "<p>\(TreePage(context: context, rest: []).breadcrumbs(revision, path.parent)) / "
        body += "<strong>\(HTML.escape(path.name))</strong></p><p>\(HTML.size(manifest.size)) · "
        body += "\(manifest.chunks.count) chunk\(manifest.chunks.count == 1 ? "" : "s") · "
        body += "<span class=\"mono muted\">\(entry.id.abbreviated)</span> · "
        body += HTML.link(context.rawURL(revision, path), "raw") + " · "
        body += HTML.link(context.lineageURL(revision, path), "lineage") + "</p>"
        if entry.mode == .symlink {
            body += "<p>Symbolic link to <code>\(HTML.escape(String(decoding: prefix, as: UTF8.self)))</code></p>"
        } else if TensorDiff.looksLikeTensorFile(path: path.rawValue, prefix: prefix[...]) {
            body += try tensors(manifest, prefix: prefix, path: path)
        } else if !TextDiff.isBinary(prefix[...]) && TableDiff.looksLikeTable(path: path.rawValue, bytes: prefix[...]) {
            body += try table(manifest, prefix: prefix, path: path, revision: revision)
        } else if !TextDiff.isBinary(prefix[...]) {
            let limit = context.options.textPreviewBytes
            let shown = BlobPage.utf8Prefix(prefix, limit: limit)
            if prefix.count > limit {
                body += "<p class=\"notice\">Showing the first \(HTML.size(UInt64(shown.count))) of "
                body += "\(HTML.size(manifest.size)); the raw file has the rest.</p>"
            }
            body += "<pre>\(HTML.escape(String(decoding: shown, as: UTF8.self)))</pre>"
        } else {
            body += "<p class=\"muted\">Binary file: no preview. Download the raw file.</p>"
        }
        return context.ui.html(context.page(path.rawValue, revision: revision, body))
    }

    /// The raw bytes as a download, one chunk in memory at a time.
    func raw() throws -> ServiceResponse {
        let located: (revision: String, path: RepoPath, entry: Tree.Entry, manifest: FileManifest)
        do {
            located = try locate()
        } catch let redirect as Redirect {
            return context.ui.redirect(redirect.location)
        }
        let chunks = located.manifest.chunks
        let objects = context.repository.objects
        let headers = [
            "Content-Type": "application/octet-stream",
            "Content-Length": String(located.manifest.size),
            "Content-Disposition": "attachment; filename*=UTF-8''\(HTML.segment(located.path.name))",
        ]
        return ServiceResponse(
            status: 200, headers: headers,
            body: .stream { writer in
                for chunk in chunks {
                    try await writer.write(try objects.read(chunk.id, kind: .chunk))
                }
            })
    }

    /// At least the first `count` bytes of the file (whole chunks), or all of it.
    func readPrefix(_ manifest: FileManifest, count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for chunk in manifest.chunks where bytes.count < count {
            bytes += try context.repository.objects.read(chunk.id, kind: .chunk)
        }
        return bytes
    }

    /// The first bytes up to `limit`, cut before a split UTF-8 sequence.
    static func utf8Prefix(_ bytes: [UInt8], limit: Int) -> ArraySlice<UInt8> {
        guard bytes.count > limit else { return bytes[...] }
        var end = limit
        while end > 0 && end > limit - 4 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return bytes[..<end]
    }

    /// The tensor list of a safetensors or NPY file, read from its header alone.
    private func tensors(_ manifest: FileManifest, prefix: [UInt8], path: RepoPath) throws -> String {
        var rows: [(name: String, dtype: String, shape: [Int], bytes: Int)] = []
        var metadata: [String: String] = [:]
        do {
            if prefix.starts(with: [0x93] + Array("NUMPY".utf8)) {
                let layout = try NPYLayout(prefix: prefix[...])
                rows.append(("(array)", layout.dtype.description, layout.shape, layout.dataLength))
            } else {
                let needed = try SafetensorsHeader.prefixLength(of: prefix[...])
                let bytes = needed <= prefix.count ? prefix : try readPrefix(manifest, count: needed)
                let header = try SafetensorsHeader(parsing: bytes[...], fileLength: Int(manifest.size))
                metadata = header.metadata
                for tensor in header.tensors {
                    rows.append((tensor.name, tensor.dtype.description, tensor.shape, tensor.dataOffsets.count))
                }
            }
        } catch let error as FormatsError {
            return "<p class=\"error\">\(HTML.escape(path.rawValue)): \(HTML.escape(error.description))</p>"
        }
        var out = "<h2>\(rows.count) tensor\(rows.count == 1 ? "" : "s")</h2>"
        out +=
            "<table><tr><th>name</th><th>dtype</th><th>shape</th><th class=\"n\">elements</th><th class=\"n\">size</th></tr>"
        for row in rows {
            let shape = "[" + row.shape.map(String.init).joined(separator: ", ") + "]"
            out += "<tr><td class=\"mono\">\(HTML.escape(row.name))</td><td>\(HTML.escape(row.dtype))</td>"
            out += "<td class=\"mono\">\(shape)</td><td class=\"n\">\(row.shape.reduce(1, *))</td>"
            out += "<td class=\"n\">\(HTML.size(UInt64(row.bytes)))</td></tr>"
        }
        out += "</table>"
        if !metadata.isEmpty {
            out += "<h2>Metadata</h2><table>"
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                out += "<tr><th>\(HTML.escape(key))</th><td class=\"mono\">\(HTML.escape(value))</td></tr>"
            }
            out += "</table>"
        }
        return out
    }

    /// One page of a CSV/TSV file as a table, read as a stream that stops after the page.
    private func table(_ manifest: FileManifest, prefix: [UInt8], path: RepoPath, revision: String) throws -> String {
        let page = try context.pageNumber()
        let size = context.options.tablePageRows
        let dialect = CSVDialect.sniff(
            prefix[...], pathExtension: path.name.split(separator: ".").last.map(String.init))
        var pager = CSVPager(dialect: dialect, firstRow: (page - 1) * size, rowCount: size)
        for chunk in manifest.chunks {
            if pager.hasMore { break }
            pager.feed(try context.repository.objects.read(chunk.id, kind: .chunk))
        }
        var reader = CSVReader(bytes: pager.header + pager.rows, dialect: dialect, hasHeader: true)
        var out = ""
        do {
            guard try reader.next() else { return "<p class=\"muted\">Empty table.</p>" }
            let columns = reader.strings()
            out += "<table><tr><th class=\"n\">#</th>"
            for column in columns { out += "<th>\(HTML.escape(column))</th>" }
            out += "</tr>"
            var number = (page - 1) * size
            while try reader.next() {
                number += 1
                out += "<tr><td class=\"n muted\">\(number)</td>"
                for cell in reader.strings() { out += "<td>\(HTML.escape(cell))</td>" }
                out += "</tr>"
            }
            out += "</table>"
            if number == (page - 1) * size && page > 1 { throw WebError.notFound("page \(page) of '\(path)' is empty") }
        } catch let error as FormatsError {
            out += "<p class=\"error\">\(HTML.escape(error.description)); showing the rows before it</p>"
        }
        let here = context.blobURL(revision, path)
        var nav = "<p>Rows \((page - 1) * size + 1)–\((page - 1) * size + pager.rowsKept) · page \(page) "
        if page > 1 { nav += HTML.link("\(here)?page=\(page - 1)", "← previous") + " " }
        if pager.hasMore { nav += HTML.link("\(here)?page=\(page + 1)", "next →") }
        return nav + "</p>" + out
    }
}

/// A redirect found while locating a file (a folder's URL under `blob`).
struct Redirect: Error {
    var location: String
    init(to location: String) { self.location = location }
}
