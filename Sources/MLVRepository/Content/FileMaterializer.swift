import Foundation
import MLVObjects
import MLVStorage

/// Writes files of a tree into the worktree: into a temp file under `.mlv/tmp`, then renamed into
/// place, so a reader never sees a half-written file; a crash leaves the old file, or for an
/// instant between two renames no file (see `moveIntoPlace`).
///
/// Never writes outside the worktree: paths are `RepoPath`s (no `..`, no `.mlv`) and every parent
/// folder is checked to be a real folder, not a link.
struct FileMaterializer: Sendable {
    let repository: Repository

    /// Writes `entry` at `path` and returns the new file's stat for the index. `parallelChunks`
    /// decodes one file's chunks on several threads; callers that write several files at once
    /// pass false, since nested parallel loops stall Dispatch's thread pool.
    ///
    /// `replacing` names the file the worktree is believed to hold at `path` (its index entry):
    /// chunks the new file shares with it are copied from the worktree file instead of being
    /// decoded from packs, after checking that the bytes read hash to the chunk's id.
    func write(
        _ path: RepoPath, mode: Tree.Mode, id: ObjectID, parallelChunks: Bool = false, replacing: ObjectID? = nil
    ) throws -> FileStat {
        let layout = repository.layout
        try ensureParentFolders(of: path)
        let manifest = try repository.manifest(id)
        let reusable = mode == .symlink ? nil : replacing.flatMap { try? ReusableChunks(repository, path, $0) }
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
                    let bytes = try reusable?.bytes(of: chunk) ?? objects.read(chunk.id, kind: .chunk)
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
            try moveIntoPlace(temp, target, path: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw error
        }
        guard let stat = FileStat.of(target) else { throw RepositoryError(.io, "'\(path)' vanished after writing") }
        return stat
    }

    /// Renames the finished temp file to `target`.
    ///
    /// An existing file is first moved aside into `.mlv/tmp` and unlinked afterwards, because
    /// renaming over an existing file makes ext4 (its default `auto_da_alloc`) start writeback of
    /// the whole new file inside `rename(2)`: 200 ms of a 0.9 s checkout of a 200 MB file. The
    /// path is then missing only between the two renames; a crash there leaves the index
    /// describing the old file (status reports it deleted until the next checkout) and the old
    /// bytes under `.mlv/tmp`, which `gc` removes. git's checkout, which unlinks and then
    /// writes, leaves a longer gap.
    private func moveIntoPlace(_ temp: String, _ target: String, path: RepoPath) throws {
        var aside: String?
        if let existing = FileStat.of(target) {
            if existing.kind == .directory {
                try removeFolderIfEmpty(target, path: path)
            } else {
                let name = repository.layout.tmp.appendingPathComponent("replaced-\(UUID().uuidString)").path
                if unsafe rename(target, name) == 0 { aside = name }
            }
        }
        guard unsafe rename(temp, target) == 0 else {
            let reason = systemErrorText(errno)
            if let aside { _ = unsafe rename(aside, target) }
            throw RepositoryError(.io, "cannot write '\(path)': \(reason)")
        }
        if let aside { _ = unsafe unlink(aside) }
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

/// The chunks of the file a checkout is about to replace, read back from the worktree.
///
/// Switching between versions of a large file that differ in a few percent of their chunks
/// would otherwise decode every chunk from the packs: inflating is most of a checkout's CPU time
/// (about 300 MB/s per core on numeric CSV). Reading a chunk from the old file and hashing it
/// costs a copy and a SHA-256. Every chunk is checked against its id, as a pack read is, so a
/// worktree file edited behind the index's back is never copied: the chunk falls back to the
/// packs.
private struct ReusableChunks: Sendable {
    let file: FileReader
    /// Where each chunk of the old file starts (the first place, when a chunk repeats).
    let offsets: [ObjectID: UInt64]

    /// Nil when the worktree has no regular file of the manifest's size at `path`.
    init?(_ repository: Repository, _ path: RepoPath, _ id: ObjectID) throws {
        let manifest = try repository.manifest(id)
        let fullPath = repository.layout.worktreeURL(path).path
        guard let stat = FileStat.of(fullPath), stat.kind == .file, stat.size == manifest.size else { return nil }
        file = try FileReader(path: fullPath)
        var offsets: [ObjectID: UInt64] = [:]
        offsets.reserveCapacity(manifest.chunks.count)
        var offset: UInt64 = 0
        for chunk in manifest.chunks {
            if offsets[chunk.id] == nil { offsets[chunk.id] = offset }
            offset += UInt64(chunk.length)
        }
        self.offsets = offsets
    }

    /// The chunk's bytes from the old file, or nil when it has no such chunk or the bytes there
    /// no longer hash to it.
    func bytes(of chunk: FileManifest.Chunk) -> [UInt8]? {
        guard let offset = offsets[chunk.id], let bytes = try? file.read(upTo: chunk.length, at: offset),
            bytes.count == chunk.length, SHA256Hasher.hash(bytes) == chunk.id
        else { return nil }
        return bytes
    }
}
