import Foundation
import MLVObjects
import MLVStorage

/// Writes files of a tree into the worktree: into a temp file under `.mlv/tmp`, then renamed into
/// place, so a reader never sees a half-written file and a crash leaves the old file.
///
/// Never writes outside the worktree: paths are `RepoPath`s (no `..`, no `.mlv`) and every parent
/// folder is checked to be a real folder, not a link.
struct FileMaterializer: Sendable {
    let repository: Repository

    /// Writes `entry` at `path` and returns the new file's stat for the index.
    func write(_ path: RepoPath, mode: Tree.Mode, id: ObjectID) throws -> FileStat {
        let layout = repository.layout
        try ensureParentFolders(of: path)
        let manifest = try repository.manifest(id)
        let target = layout.worktreeURL(path).path
        let temp = layout.tmp.appendingPathComponent("checkout-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(at: layout.tmp, withIntermediateDirectories: true)
        do {
            if mode == .symlink {
                var bytes = [UInt8]()
                for chunk in manifest.chunks { bytes += try repository.objects.read(chunk.id, kind: .chunk) }
                try POSIX.makeSymlink(target: String(decoding: bytes, as: UTF8.self), at: temp)
            } else {
                guard FileManager.default.createFile(atPath: temp, contents: nil) else {
                    throw RepositoryError(.io, "cannot create '\(temp)'")
                }
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temp))
                defer { try? handle.close() }
                for chunk in manifest.chunks {
                    let bytes = try repository.objects.read(chunk.id, kind: .chunk)
                    guard bytes.count == chunk.length else {
                        throw RepositoryError(
                            .corrupt, "chunk \(chunk.id.abbreviated) of '\(path)' has \(bytes.count) bytes, expected \(chunk.length)")
                    }
                    try handle.write(contentsOf: bytes)
                }
                POSIX.setExecutable(temp, mode == .executable)
            }
            if let existing = FileStat.of(target), existing.kind == .directory {
                try removeFolderIfEmpty(target, path: path)
            }
            guard rename(temp, target) == 0 else {
                throw RepositoryError(.io, "cannot write '\(path)': \(systemErrorText(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw error
        }
        guard let stat = FileStat.of(target) else { throw RepositoryError(.io, "'\(path)' vanished after writing") }
        return stat
    }

    /// Removes a tracked file from the worktree, and folders left empty by it.
    func remove(_ path: RepoPath) throws {
        let target = repository.layout.worktreeURL(path).path
        guard let stat = FileStat.of(target) else { return }
        guard stat.kind != .directory else { return }
        guard unlink(target) == 0 || errno == ENOENT else {
            throw RepositoryError(.io, "cannot remove '\(path)': \(systemErrorText(errno))")
        }
        var parent = path.parent
        while !parent.isRoot {
            guard rmdir(repository.layout.worktreeURL(parent).path) == 0 else { break }
            parent = parent.parent
        }
    }

    private func ensureParentFolders(of path: RepoPath) throws {
        var current = RepoPath.root
        for component in path.components.dropLast() {
            current = current.appending(component)
            let full = repository.layout.worktreeURL(current).path
            switch FileStat.of(full)?.kind {
            case .directory: continue
            case .none:
                guard mkdir(full, 0o755) == 0 || errno == EEXIST else {
                    throw RepositoryError(.io, "cannot create folder '\(current)': \(systemErrorText(errno))")
                }
            case .symlink:
                throw RepositoryError(
                    .unsafeTree, "refusing to write '\(path)': '\(current)' is a symbolic link",
                    hint: "move the link away and run the checkout again")
            case .file, .other:
                throw RepositoryError(
                    .wouldOverwrite, "cannot write '\(path)': '\(current)' is a file in the way",
                    hint: "move it away or use --force")
            }
        }
    }

    private func removeFolderIfEmpty(_ full: String, path: RepoPath) throws {
        guard rmdir(full) == 0 else {
            throw RepositoryError(.wouldOverwrite, "cannot write '\(path)': a non-empty folder is in the way")
        }
    }
}
