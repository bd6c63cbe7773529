import Foundation
import MLVObjects
import MLVStorage

extension Repository {
    /// Stops tracking `paths` and deletes them from the worktree (`cached` keeps the files).
    /// Refuses files with changes that are not committed, unless `force`.
    public func remove(_ paths: [RepoPath], cached: Bool, force: Bool, recursive: Bool) throws -> [RepoPath] {
        try withLock { lock in
            var index = try readIndex()
            let headFiles = try fileMap(ofCommit: head().commitID)
            let hasher = FileStorer(repository: self, writer: nil)
            var removed = [RepoPath]()
            for path in paths {
                let entries = index.entries(within: path)
                guard !entries.isEmpty else {
                    throw RepositoryError(.pathNotFound, "pathspec '\(path)' did not match any files")
                }
                if !recursive, Set(entries.map(\.path)).count > 1 || entries.first?.path != path {
                    throw RepositoryError(.invalidArgument, "not removing '\(path)' recursively without -r")
                }
                for entry in entries where removed.last != entry.path {
                    // A conflicted path is removed to resolve it; its stages are not compared.
                    if !force && entry.stage == 0 {
                        if headFiles[entry.path]?.id != entry.id && !cached {
                            throw RepositoryError(
                                .wouldOverwrite, "'\(entry.path)' has changes staged in the index",
                                hint: "use --cached to keep the file, or -f to force removal")
                        }
                        if !cached, let stat = FileStat.of(layout.worktreeURL(entry.path).path),
                            !entry.matches(stat, indexTime: index.writtenAt),
                            try hasher.store(entry.path, expected: stat).id != entry.id
                        {
                            throw RepositoryError(
                                .wouldOverwrite, "'\(entry.path)' has local modifications",
                                hint: "use --cached to keep the file, or -f to force removal")
                        }
                    }
                    removed.append(entry.path)
                }
            }
            let materializer = FileMaterializer(repository: self)
            for path in removed {
                index.remove(path)
                if !cached { try materializer.remove(path) }
            }
            try lock.commit(index)
            try settleMergeHelpers(resolvedIn: index)
            return removed
        }
    }

    /// Renames a tracked file or folder in the worktree and the index.
    public func move(_ source: RepoPath, to destination: RepoPath) throws {
        try withLock { lock in
            var index = try readIndex()
            let entries = index.entries(within: source)
            guard !entries.isEmpty else {
                throw RepositoryError(.pathNotFound, "'\(source)' is not under version control")
            }
            var target = destination
            if FileStat.of(layout.worktreeURL(destination).path)?.kind == .directory {
                target = destination.appending(source.name)
            }
            guard FileStat.of(layout.worktreeURL(target).path) == nil else {
                throw RepositoryError(.wouldOverwrite, "destination '\(target)' exists")
            }
            guard !target.isWithin(source) else {
                throw RepositoryError(.invalidArgument, "cannot move '\(source)' into itself")
            }
            let parent = layout.worktreeURL(target.parent)
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            guard rename(layout.worktreeURL(source).path, layout.worktreeURL(target).path) == 0 else {
                throw RepositoryError(.io, "cannot move '\(source)' to '\(target)': \(systemErrorText(errno))")
            }
            for entry in entries {
                let suffix = String(entry.path.rawValue.dropFirst(source.rawValue.count))
                guard let newPath = RepoPath(target.rawValue + suffix) else { continue }
                index.remove(entry.path)
                var moved = entry
                moved.path = newPath
                if let stat = FileStat.of(layout.worktreeURL(newPath).path) {
                    moved.ctimeNanoseconds = stat.ctimeNanoseconds
                }
                index.set(moved)
            }
            try lock.commit(index)
        }
    }
}
