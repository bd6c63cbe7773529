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

    /// Writes `entry` at `path` and returns the new file's stat for the index. `parallelChunks`
    /// decodes one file's chunks on several threads; callers that write several files at once
    /// pass false, since nested parallel loops stall Dispatch's thread pool.
    func write(_ path: RepoPath, mode: Tree.Mode, id: ObjectID, parallelChunks: Bool = false) throws -> FileStat {
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
                let file = try POSIX.OutputFile(creating: temp)
                let objects = repository.objects
                var running: UInt64 = 0
                let offsets = manifest.chunks.map { chunk in
                    defer { running += UInt64(chunk.length) }
                    return running
                }
                let chunks = manifest.chunks
                // Each chunk is read, decoded, verified and written at its own offset, so a large
                // file's chunks can go on all cores with no ordering barrier.
                let place = { @Sendable (index: Int) throws in
                    let chunk = chunks[index]
                    let bytes = try objects.read(chunk.id, kind: .chunk)
                    guard bytes.count == chunk.length else {
                        throw RepositoryError(
                            .corrupt,
                            "chunk \(chunk.id.abbreviated) of '\(path)' has \(bytes.count) bytes, expected \(chunk.length)"
                        )
                    }
                    try file.write(bytes, at: offsets[index])
                }
                let indices = Array(chunks.indices)
                if parallelChunks { _ = try indices.parallelMap(place) } else { try indices.forEach(place) }
                try file.close()
                POSIX.setExecutable(temp, mode == .executable)
            }
            if let existing = FileStat.of(target), existing.kind == .directory {
                try removeFolderIfEmpty(target, path: path)
            }
            guard unsafe rename(temp, target) == 0 else {
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
        guard unsafe unlink(target) == 0 || errno == ENOENT else {
            throw RepositoryError(.io, "cannot remove '\(path)': \(systemErrorText(errno))")
        }
        var parent = path.parent
        while !parent.isRoot {
            guard unsafe rmdir(repository.layout.worktreeURL(parent).path) == 0 else { break }
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
                guard unsafe mkdir(full, 0o755) == 0 || errno == EEXIST else {
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
        guard unsafe rmdir(full) == 0 else {
            throw RepositoryError(.wouldOverwrite, "cannot write '\(path)': a non-empty folder is in the way")
        }
    }
}
