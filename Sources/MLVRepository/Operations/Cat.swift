import MLVObjects
import MLVStorage

extension Repository {
    /// Streams the file at `revision:path` chunk by chunk to `sink`; memory stays one chunk.
    public func readFile(_ revision: String, path: RepoPath, to sink: ([UInt8]) throws -> Void) throws {
        let commitID = try resolveCommit(revision)
        guard let entry = try entry(at: path, inTree: commit(commitID).tree) else {
            throw RepositoryError(.pathNotFound, "path '\(path)' does not exist in '\(revision)'")
        }
        guard entry.mode != .directory else {
            throw RepositoryError(
                .invalidArgument, "'\(revision):\(path)' is a folder", hint: "use 'mlv ls-tree \(revision) \(path)'")
        }
        for chunk in try manifest(entry.id).chunks {
            try sink(try objects.read(chunk.id, kind: .chunk))
        }
    }

    /// The entries of the folder at `path` in `revision` (all files below it when `recursive`).
    public func listTree(_ revision: String, path: RepoPath, recursive: Bool) throws -> [TreeFile] {
        let commitID = try resolveCommit(revision)
        guard let entry = try entry(at: path, inTree: commit(commitID).tree) else {
            throw RepositoryError(.pathNotFound, "path '\(path)' does not exist in '\(revision)'")
        }
        guard entry.mode == .directory else {
            return [TreeFile(path: path, mode: entry.mode, id: entry.id, size: entry.size)]
        }
        if recursive { return try files(ofTree: entry.id, under: path) }
        return try tree(entry.id).entries.map {
            TreeFile(path: path.appending($0.name), mode: $0.mode, id: $0.id, size: $0.size)
        }
    }

    /// Sets (or with nil value, removes) a config key; returns the new config.
    public func setConfig(_ key: String, _ value: String?) throws {
        guard Config.isValidKey(key) else {
            throw RepositoryError(.invalidConfig, "key '\(key)' does not contain a section: use section.name")
        }
        guard key.lowercased() != "core.formatversion" else {
            throw RepositoryError(.invalidConfig, "core.formatVersion cannot be changed")
        }
        var config = self.config
        if let value { config.set(key, value) } else { config.unset(key) }
        try writeConfig(config)
    }
}
