import Foundation
import MLVObjects
import MLVStorage

/// Storing and restoring single files outside `add` and `checkout`: what a pipeline run needs
/// to hash its inputs, keep its outputs and restore them from the run cache.
extension Repository {
    /// The id `add` would record for the worktree file at `path`, computed without storing it.
    public func worktreeFileID(_ path: RepoPath) throws -> ObjectID {
        let full = layout.worktreeURL(path).path
        guard let stat = FileStat.of(full), stat.kind != .directory else {
            throw RepositoryError(.pathNotFound, "'\(path)' is not a file in the worktree")
        }
        return try FileStorer(repository: self, writer: nil).manifest(path, expected: stat).id
    }

    /// Stores the worktree files' content (chunks and manifests) without staging them and
    /// returns their ids in order. Objects are durable when it returns.
    public func storeWorktreeFiles(_ paths: [RepoPath]) throws -> [ObjectID] {
        let writer = try objects.makeWriter()
        do {
            let storer = FileStorer(repository: self, writer: writer)
            var ids: [ObjectID] = []
            for path in paths {
                let full = layout.worktreeURL(path).path
                guard let stat = FileStat.of(full), stat.kind != .directory else {
                    throw RepositoryError(.pathNotFound, "'\(path)' is not a file in the worktree")
                }
                ids.append(try storer.store(path, expected: stat).id)
            }
            try writer.commit()
            try objects.reload()
            return ids
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Stores `bytes` as a file object (chunked like any file) and returns its id.
    public func storeBytes(_ bytes: [UInt8]) throws -> ObjectID {
        let writer = try objects.makeWriter()
        do {
            var chunks: [FileManifest.Chunk] = []
            var start = 0
            for length in Chunker().boundaries(of: bytes) {
                let end = start + length
                let chunk = Array(bytes[start..<end])
                let id = SHA256Hasher.hash(chunk)
                if !objects.contains(id, kind: .chunk) { _ = try writer.put(chunk, id: id, kind: .chunk) }
                chunks.append(FileManifest.Chunk(id: id, length: chunk.count))
                start = end
            }
            let id = try writer.put(FileManifest(chunks: chunks).encoded(), kind: .file)
            try writer.commit()
            try objects.reload()
            return id
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Whether the file `id` and all its chunks are in the store.
    public func hasFile(_ id: ObjectID) -> Bool {
        guard objects.contains(id, kind: .file), let manifest = try? manifest(id) else { return false }
        return manifest.chunks.allSatisfy { objects.contains($0.id, kind: .chunk) }
    }

    /// Writes the stored file `id` at `path` in the worktree (atomically replacing what is there).
    public func restoreFile(_ path: RepoPath, id: ObjectID) throws {
        _ = try FileMaterializer(repository: self).write(path, mode: .file, id: id, parallelChunks: true)
    }
}
