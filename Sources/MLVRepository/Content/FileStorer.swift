import Foundation
import MLVObjects
import MLVStorage

/// Stores worktree files as chunks plus a manifest.
///
/// Reads the file once, in batches of chunks; each batch is hashed and compressed on all cores,
/// and only chunks the store lacks are compressed and written. Memory stays bounded by the batch.
struct FileStorer: Sendable {
    let repository: Repository
    /// Where new objects go; nil to compute ids only (status).
    let writer: ObjectWriter?
    var parameters: ChunkerParameters = .standard
    /// Bytes of chunks read before a batch is hashed and compressed in parallel.
    var batchBytes = 16 * 1024 * 1024
    /// Whether one file's chunks may be processed on several threads; false when the caller
    /// already stores several files in parallel.
    var parallel = true
    /// Files at least this large are chunked as two halves on two threads.
    var splitThreshold: UInt64 = 32 * 1024 * 1024
    /// Called with each chunk's length as it is stored (progress within a large file).
    var onBytes: (@Sendable (Int) -> Void)?

    init(repository: Repository, writer: ObjectWriter?, parallel: Bool = true) {
        self.repository = repository
        self.writer = writer
        self.parallel = parallel
    }

    struct Stored: Sendable {
        var id: ObjectID
        var size: UInt64
        /// Raw bytes of chunks that were new to the store.
        var newBytes: Int
    }

    /// Stores the file or link at `path`; its stat before reading must equal `expected` after,
    /// or the file changed while being read and nothing is recorded.
    func store(_ path: RepoPath, expected: FileStat) throws -> Stored {
        let fullPath = repository.layout.worktreeURL(path).path
        if expected.kind == .symlink {
            let target = try POSIX.readLink(fullPath)
            let id = SHA256Hasher.hash(target)
            if !target.isEmpty { try writer?.put(target, id: id, kind: .chunk) }
            let manifest = FileManifest(chunks: target.isEmpty ? [] : [.init(id: id, length: target.count)])
            return Stored(id: try putManifest(manifest), size: UInt64(target.count), newBytes: 0)
        }
        let reader: ChunkReader
        do {
            reader = try ChunkReader(path: fullPath, parameters: parameters)
        } catch {
            throw RepositoryError(.fileChanged, "'\(path)' vanished or became unreadable while being added: \(error)")
        }
        let hint =
            ContentSniffer.mayHaveHint(path.rawValue)
            ? ContentSniffer.hint(
                for: path.rawValue, head: (try? FileReader(path: fullPath).read(upTo: 65536 + 8, at: 0)) ?? [])
            : .generic
        var chunks = [FileManifest.Chunk]()
        var newBytes = 0
        let writer = self.writer
        let objects = repository.objects
        // Double-buffered: the next batch is read and chunked on another thread while this one
        // is hashed and compressed on all cores.
        let onBytes = self.onBytes
        let storeChunk = { @Sendable (bytes: [UInt8]) throws -> (FileManifest.Chunk, Int) in
            onBytes?(bytes.count)
            let id = SHA256Hasher.hash(bytes)
            guard let writer, !objects.contains(id, kind: .chunk) else {
                return (.init(id: id, length: bytes.count), 0)
            }
            let isNew = try writer.put(bytes, id: id, kind: .chunk, hint: hint)
            return (.init(id: id, length: bytes.count), isNew ? bytes.count : 0)
        }
        if parallel && expected.size >= splitThreshold {
            (chunks, newBytes) = try chunkInHalves(fullPath, size: expected.size, storeChunk: storeChunk)
            return try finish(path, fullPath: fullPath, expected: expected, chunks: chunks, newBytes: newBytes)
        }
        let source = BatchSource(reader: reader, batchBytes: batchBytes)
        var batch = try source.next()
        while !batch.isEmpty {
            let current = batch
            let results: [(FileManifest.Chunk, Int)]
            if expected.size <= UInt64(batchBytes) || !parallel {
                // Small files are stored one per thread by the caller: no nested parallelism,
                // which would block pool threads and stall Dispatch.
                results = try current.map(storeChunk)
                batch = try source.next()
            } else {
                let prefetch = source.prefetch()
                results = try current.parallelMap(storeChunk)
                batch = try prefetch.wait()
            }
            for (chunk, added) in results {
                chunks.append(chunk)
                newBytes += added
            }
        }
        return try finish(path, fullPath: fullPath, expected: expected, chunks: chunks, newBytes: newBytes)
    }

    /// Chunks, hashes and stores a large file as two halves at once, with the same cut points
    /// as one pass: the second half is chunked from the middle while the first is chunked from
    /// the start; the first then goes on past the middle until it cuts where a second-half chunk
    /// starts, and from there on the two agree (each cut restarts the chunker), so the second
    /// half's chunks from that point are used. Chunks the second half stored before that point
    /// stay unreferenced in the pack until `gc`.
    private func chunkInHalves(
        _ fullPath: String, size: UInt64, storeChunk: @escaping @Sendable ([UInt8]) throws -> (FileManifest.Chunk, Int)
    ) throws -> ([FileManifest.Chunk], Int) {
        let middle = size / 2
        let parameters = self.parameters
        let second = SecondHalf()
        let thread = Thread {
            second.result = Result {
                var reader = try ChunkReader(path: fullPath, parameters: parameters, from: middle)
                var out: [(start: UInt64, chunk: FileManifest.Chunk, added: Int)] = []
                while true {
                    let start = reader.offset
                    guard let bytes = try reader.next() else { break }
                    let (chunk, added) = try storeChunk(bytes)
                    out.append((start, chunk, added))
                }
                return out
            }
            second.done.signal()
        }
        thread.start()
        var first: [(FileManifest.Chunk, Int)] = []
        var reader: ChunkReader
        do {
            reader = try ChunkReader(path: fullPath, parameters: parameters)
            while reader.offset < middle, let bytes = try reader.next() { first.append(try storeChunk(bytes)) }
        } catch {
            second.done.wait()
            throw error
        }
        second.done.wait()
        let tail = try second.result.get()
        var startIndex: [UInt64: Int] = [:]
        for (position, entry) in tail.enumerated() { startIndex[entry.start] = position }
        var sync = startIndex[reader.offset]
        while sync == nil, let bytes = try reader.next() {
            first.append(try storeChunk(bytes))
            sync = startIndex[reader.offset]
        }
        var chunks = first.map(\.0)
        var added = first.reduce(0) { $0 + $1.1 }
        if let sync {
            for entry in tail[sync...] {
                chunks.append(entry.chunk)
                added += entry.added
            }
        }
        return (chunks, added)
    }

    /// Checks that the file did not change while read, then stores its manifest.
    private func finish(
        _ path: RepoPath, fullPath: String, expected: FileStat, chunks: [FileManifest.Chunk], newBytes: Int
    ) throws -> Stored {
        let manifest = FileManifest(chunks: chunks)
        guard let after = FileStat.of(fullPath), after.size == expected.size, manifest.size == expected.size,
            after.mtimeNanoseconds == expected.mtimeNanoseconds
        else {
            throw RepositoryError(
                .fileChanged, "'\(path)' changed while being added", hint: "wait until it is written, then add it again"
            )
        }
        return Stored(id: try putManifest(manifest), size: manifest.size, newBytes: newBytes)
    }

    private func putManifest(_ manifest: FileManifest) throws -> ObjectID {
        guard let writer else { return manifest.id }
        return try writer.put(manifest.encoded(), kind: .file)
    }
}

/// Reads batches of chunks from a `ChunkReader`, one batch ahead on a background queue.
private final class BatchSource: @unchecked Sendable {
    // Safety: `reader` is used by one thread at a time: `next()` runs either on the caller's thread
    // or on the prefetch queue, and the caller waits for a prefetch before starting another.
    private var reader: ChunkReader
    private let batchBytes: Int

    init(reader: ChunkReader, batchBytes: Int) {
        self.reader = reader
        self.batchBytes = batchBytes
    }

    /// The next batch of chunks; empty at the end of the file.
    func next() throws -> [[UInt8]] {
        var batch = [[UInt8]]()
        var bytes = 0
        while bytes < batchBytes, let chunk = try reader.next() {
            bytes += chunk.count
            batch.append(chunk)
        }
        return batch
    }

    /// Starts reading the next batch in the background.
    func prefetch() -> Prefetch {
        let pending = Prefetch()
        pending.group.enter()
        let thread = Thread {
            pending.result = Result { try self.next() }
            pending.group.leave()
        }
        thread.start()
        return pending
    }

    final class Prefetch: @unchecked Sendable {
        // Safety: `result` is written once inside the group and read only after `group.wait()`.
        let group = DispatchGroup()
        var result: Result<[[UInt8]], any Error> = .success([])

        func wait() throws -> [[UInt8]] {
            group.wait()
            return try result.get()
        }
    }
}

/// The second half's result, handed from its thread once `done` is signalled.
private final class SecondHalf: @unchecked Sendable {
    // Safety: `result` is written by the worker thread before `done.signal()` and read only
    // after `done.wait()`.
    let done = DispatchSemaphore(value: 0)
    var result: Result<[(start: UInt64, chunk: FileManifest.Chunk, added: Int)], any Error> = .success([])
}
