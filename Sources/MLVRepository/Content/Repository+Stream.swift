import Foundation
import MLVObjects
import MLVStorage

/// Storing a file that arrives as a stream (git's clean filter), and reading one back in pieces.
extension Repository {
    /// Chunks stored per batch: hashed and compressed on all cores, then the next batch is read.
    static let streamBatchChunks = 64

    /// Stores the bytes `next` yields, in order, as one file object (chunked as `add` chunks a
    /// file that has no tensor segments) and returns its id and size. `next` returns nil at the
    /// end.
    ///
    /// Without `batch`, the objects are durable when it returns. With `batch`, they are put into
    /// that open writer and become durable when its owner commits it (a filter session commits
    /// once for many small files); on failure they stay pending there, unreferenced.
    ///
    /// - Complexity: O(n); memory stays within one batch of chunks plus one piece of input.
    public func storeStream(into batch: ObjectWriter? = nil, _ next: () throws -> [UInt8]?) throws -> (
        id: ObjectID, size: UInt64
    ) {
        let writer = try batch ?? objects.makeWriter()
        do {
            let chunker = Chunker()
            let objects = self.objects
            var buffer: [UInt8] = []
            var start = 0
            var ended = false
            var size: UInt64 = 0
            var chunks: [FileManifest.Chunk] = []
            var batch: [[UInt8]] = []
            let flush = { (batch: [[UInt8]]) throws -> [FileManifest.Chunk] in
                try batch.parallelMap { bytes -> FileManifest.Chunk in
                    let id = SHA256Hasher.hash(bytes)
                    if !objects.contains(id, kind: .chunk) { try writer.put(bytes, id: id, kind: .chunk) }
                    return FileManifest.Chunk(id: id, length: bytes.count)
                }
            }
            while true {
                if !ended && buffer.count - start < chunker.parameters.maxSize {
                    if let piece = try next() {
                        if start > 0 {
                            buffer.removeSubrange(0..<start)
                            start = 0
                        }
                        buffer += piece
                        size += UInt64(piece.count)
                        continue
                    }
                    ended = true
                }
                guard let length = chunker.nextBoundary(in: buffer[start...], isFinal: ended) else {
                    if ended { break }
                    continue
                }
                batch.append(Array(buffer[start..<(start + length)]))
                start += length
                if batch.count == Repository.streamBatchChunks {
                    chunks += try flush(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            chunks += try flush(batch)
            let id = try writer.put(FileManifest(chunks: chunks).encoded(), kind: .file)
            // commit() adopts the new pack; no rescan of the pack folder is needed.
            if batch == nil { try writer.commit() }
            return (id, size)
        } catch {
            if batch == nil { writer.abort() }
            throw error
        }
    }

    /// The ids of the file `id`'s manifest and chunks that the store lacks (the manifest's alone
    /// when it is missing itself); empty when the file can be read in full.
    public func missingObjects(ofFile id: ObjectID) -> [ObjectID] {
        guard objects.contains(id, kind: .file), let manifest = try? manifest(id) else { return [id] }
        return manifest.chunks.map(\.id).filter { !objects.contains($0, kind: .chunk) }
    }

    /// Calls `body` with each chunk of the stored file `id`, in order, each checked against its
    /// length in the manifest.
    public func readFile(_ id: ObjectID, _ body: ([UInt8]) throws -> Void) throws {
        for chunk in try manifest(id).chunks {
            let bytes = try objects.read(chunk.id, kind: .chunk)
            guard bytes.count == chunk.length else {
                throw RepositoryError(
                    .corrupt,
                    "chunk \(chunk.id.abbreviated) of file \(id.abbreviated) has \(bytes.count) bytes, expected \(chunk.length)"
                )
            }
            try body(bytes)
        }
    }
}
