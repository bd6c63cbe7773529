import MLVObjects
import MLVStorage

/// A file or link of a tree, flattened to its full path.
public struct TreeFile: Sendable, Equatable {
    public var path: RepoPath
    public var mode: Tree.Mode
    public var id: ObjectID
    public var size: UInt64
}

extension Repository {
    /// Every file and link below tree `id`, sorted by path.
    /// - Complexity: one object read per folder.
    public func files(ofTree id: ObjectID, under prefix: RepoPath = .root) throws -> [TreeFile] {
        var out = [TreeFile]()
        try collect(tree(id), at: prefix, into: &out)
        out.sort { $0.path < $1.path }
        return out
    }

    private func collect(_ tree: Tree, at prefix: RepoPath, into out: inout [TreeFile]) throws {
        for entry in tree.entries {
            let path = prefix.appending(entry.name)
            if entry.mode == .directory {
                try collect(self.tree(entry.id), at: path, into: &out)
            } else {
                out.append(TreeFile(path: path, mode: entry.mode, id: entry.id, size: entry.size))
            }
        }
    }

    /// The files of a commit's tree keyed by path; empty for nil (an unborn branch).
    func fileMap(ofCommit id: ObjectID?) throws -> [RepoPath: TreeFile] {
        guard let id else { return [:] }
        let files = try files(ofTree: commit(id).tree)
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
    }

    /// The entry at `path` in tree `root` (a file, link or folder), or nil.
    public func entry(at path: RepoPath, inTree root: ObjectID) throws -> Tree.Entry? {
        if path.isRoot { return Tree.Entry(name: "", mode: .directory, id: root, size: 0) }
        var current = root
        let components = path.components
        for (index, component) in components.enumerated() {
            guard let entry = try tree(current).entry(named: component) else { return nil }
            if index == components.count - 1 { return entry }
            guard entry.mode == .directory else { return nil }
            current = entry.id
        }
        return nil
    }

    /// Writes the trees for a list of files and returns the root tree's id.
    /// - Complexity: O(files + folders · log folders).
    /// With a nil `writer` nothing is stored: the result is the id the trees would have.
    func writeTrees(_ files: [TreeFile], writer: ObjectWriter?) throws -> ObjectID {
        var children: [RepoPath: [Tree.Entry]] = [.root: []]
        for file in files {
            children[file.path.parent, default: []].append(
                Tree.Entry(name: file.path.name, mode: file.mode, id: file.id, size: file.size))
            var folder = file.path.parent
            while !folder.isRoot, children[folder.parent] == nil {
                children[folder.parent] = []
                folder = folder.parent
            }
        }
        // Deepest folders first, so each parent sees its finished subfolders.
        let folders = children.keys.map { ($0, $0.depth) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
        var root: ObjectID?
        for folder in folders {
            let body = try Tree(entries: children[folder] ?? []).encoded()
            let id = try writer?.put(body, kind: .tree) ?? SHA256Hasher.hash(kind: .tree, body: body)
            if folder.isRoot {
                root = id
            } else {
                children[folder.parent, default: []].append(
                    Tree.Entry(name: folder.name, mode: .directory, id: id, size: 0))
            }
        }
        guard let root else { throw InternalError("root tree was not written") }
        return root
    }
}
