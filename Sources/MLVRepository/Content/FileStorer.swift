import Foundation
import MLVObjects
import MLVStorage

/// Stores worktree files as chunks plus a manifest.
///
/// Reads the file once with bounded memory; only chunks the store lacks are compressed and
/// written. A large file is chunked as two halves on two threads; smaller files are stored one per
/// thread by the caller.
struct FileStorer: Sendable {
    let repository: Repository
    /// Where new objects go; nil to compute ids only (status).
    let writer: ObjectWriter?
    var parameters: ChunkerParameters = .standard
    /// Whether one file's chunks may be processed on several threads; false when the caller
    /// already stores several files in parallel.
    var parallel = true
    /// Files at least this large are chunked as two halves on two threads (the size at which
    /// `add` stops storing files one per thread).
    var splitThreshold: UInt64 = 4 * 1024 * 1024
    /// Called with each chunk's length as it is stored (progress within a large file).
    var onBytes: (@Sendable (Int) -> Void)?
    /// Called with each chunk's length when it was the previous version's chunk guessed.
    var onGuess: (@Sendable (Int) -> Void)?
    /// Files smaller than this are cut without guesses from their previous version.
    static let forecastMinimumSize: UInt64 = 1 << 20

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
    ///
    /// `previous` names the file's last stored version (its index entry), whose chunks are tried
    /// first where the file still holds them (``ChunkForecast``).
    func store(_ path: RepoPath, expected: FileStat, previous: ObjectID? = nil) throws -> Stored {
        let (manifest, newBytes) = try chunk(path, expected: expected, previous: previous)
        return Stored(id: try putManifest(manifest), size: manifest.size, newBytes: newBytes)
    }

    /// The manifest `store` would record for the file, with nothing written when `writer` is nil.
    func manifest(_ path: RepoPath, expected: FileStat) throws -> FileManifest {
        try chunk(path, expected: expected, previous: nil).manifest
    }

    /// Cuts, hashes and (with a writer) stores the file's chunks; returns its manifest and the
    /// raw bytes of chunks that were new.
    private func chunk(
        _ path: RepoPath, expected: FileStat, previous: ObjectID?
    ) throws -> (manifest: FileManifest, newBytes: Int) {
        let fullPath = repository.layout.worktreeURL(path).path
        if expected.kind == .symlink {
            let target = try POSIX.readLink(fullPath)
            let id = SHA256Hasher.hash(target)
            if !target.isEmpty { try writer?.put(target, id: id, kind: .chunk) }
            return (FileManifest(chunks: target.isEmpty ? [] : [.init(id: id, length: target.count)]), 0)
        }
        guard FileStat.of(fullPath) != nil || expected.size == 0 else {
            throw RepositoryError(.fileChanged, "'\(path)' vanished or became unreadable while being added")
        }
        let segments = try segments(path, fullPath: fullPath, size: expected.size)
        var chunks = [FileManifest.Chunk]()
        var newBytes = 0
        let writer = self.writer
        let onBytes = self.onBytes
        let storer = { @Sendable (hint: ContentHint) in
            { @Sendable (bytes: ArraySlice<UInt8>, id: ObjectID) throws -> (FileManifest.Chunk, Int) in
                onBytes?(bytes.count)
                guard let writer else { return (.init(id: id, length: bytes.count), 0) }
                // `put` skips (and reports) chunks the store or a pending pack already holds,
                // and copies the slice only for a new one.
                let isNew = try writer.put(bytes, id: id, kind: .chunk, hint: hint)
                return (.init(id: id, length: bytes.count), isNew ? bytes.count : 0)
            }
        }
        let largest = segments.map { UInt64($0.range.count) }.max() ?? 0
        if parallel && expected.size >= splitThreshold && segments.count > 1 && largest <= expected.size / 2 {
            // Parts are chunked independently, so two threads can take half the parts each.
            (chunks, newBytes) = try chunkPartsOnTwoThreads(path, fullPath: fullPath, segments, storer: storer)
        } else {
            // A file cut as one plain segment may repeat its previous version's chunks. Its
            // manifest is read only when at hand (a partial clone does not fetch it for this),
            // and only for files of many chunks, where skipping the gear hash outweighs the read.
            let forecast =
                segments.count == 1 && segments[0].alignment == 1 && expected.size >= FileStorer.forecastMinimumSize
                ? previous.flatMap { try? FileManifest(decoding: repository.objects.read($0, kind: .file)) }
                    .map(ChunkForecast.init(previous:)) : nil
            for segment in segments {
                let storeChunk = storer(segment.hint)
                if parallel && UInt64(segment.range.count) >= splitThreshold {
                    let (part, added) = try chunkInHalves(
                        fullPath, segment, forecast: forecast, storeChunk: storeChunk)
                    chunks += part
                    newBytes += added
                    continue
                }
                // Smaller parts go in one sequential pass (the caller stores several files at once).
                let (part, added) = try chunkSequentially(
                    path, fullPath: fullPath, [segment], forecast: forecast, storer: storer)
                chunks += part
                newBytes += added
            }
        }
        return try finish(path, fullPath: fullPath, expected: expected, chunks: chunks, newBytes: newBytes)
    }

    /// The parts of the file chunked on their own: a tensor file's header and tensors
    /// (docs/FORMAT-chunking.md §1.4), else the whole file, with codec hints.
    private func segments(_ path: RepoPath, fullPath: String, size: UInt64) throws -> [FileSegment] {
        let whole = 0..<size
        guard size >= UInt64(TensorSegments.probeLength) else {
            return [FileSegment(range: whole, hint: .generic)]
        }
        let file: FileReader
        do {
            file = try FileReader(path: fullPath)
        } catch {
            throw RepositoryError(.fileChanged, "'\(path)' vanished or became unreadable while being added: \(error)")
        }
        let (segments, head) = try TensorSegments.read(file, size: size, minimumSize: parameters.minSize)
        if let segments { return segments }
        let hint =
            ContentSniffer.mayHaveHint(path.rawValue) ? ContentSniffer.hint(for: path.rawValue, head: head) : .generic
        return [FileSegment(range: whole, hint: hint)]
    }

    typealias StoreChunk = @Sendable (ArraySlice<UInt8>, ObjectID) throws -> (FileManifest.Chunk, Int)
    typealias ChunkStorer = @Sendable (ContentHint) -> StoreChunk

    /// Chunks `segments` one after another on this thread.
    private func chunkSequentially(
        _ path: RepoPath, fullPath: String, _ segments: [FileSegment], forecast: ChunkForecast? = nil,
        storer: ChunkStorer
    ) throws -> ([FileManifest.Chunk], Int) {
        var chunks: [FileManifest.Chunk] = []
        var newBytes = 0
        var forecast = forecast
        for segment in segments {
            let storeChunk = storer(segment.hint)
            var source = ChunkSource(reader: try openReader(path, fullPath: fullPath, segment), forecast: forecast)
            while let (bytes, id) = try source.next(onGuess: onGuess) {
                let (chunk, added) = try storeChunk(bytes, id)
                chunks.append(chunk)
                newBytes += added
            }
            forecast = source.forecast
        }
        return (chunks, newBytes)
    }

    /// Chunks the first half of the parts (by bytes) on this thread and the rest on another.
    private func chunkPartsOnTwoThreads(
        _ path: RepoPath, fullPath: String, _ segments: [FileSegment], storer: @escaping ChunkStorer
    ) throws -> ([FileManifest.Chunk], Int) {
        let total = segments.reduce(UInt64(0)) { $0 + UInt64($1.range.count) }
        var split = 0
        var bytes: UInt64 = 0
        while split < segments.count - 1 && bytes + UInt64(segments[split].range.count) / 2 < total / 2 {
            bytes += UInt64(segments[split].range.count)
            split += 1
        }
        split = max(split, 1)
        let tail = Array(segments[split...])
        let storerCopy = self
        let second = BackgroundTask {
            Result { try storerCopy.chunkSequentially(path, fullPath: fullPath, tail, storer: storer) }
        }
        let first: Result<([FileManifest.Chunk], Int), any Error> = Result {
            try chunkSequentially(path, fullPath: fullPath, Array(segments[..<split]), storer: storer)
        }
        let secondResult = second.wait()
        let (headChunks, headBytes) = try first.get()
        let (tailChunks, tailBytes) = try secondResult.get()
        return (headChunks + tailChunks, headBytes + tailBytes)
    }

    private func openReader(_ path: RepoPath, fullPath: String, _ segment: FileSegment) throws -> ChunkReader {
        do {
            return try ChunkReader(
                path: fullPath, parameters: parameters, range: segment.range, alignment: segment.alignment)
        } catch {
            throw RepositoryError(.fileChanged, "'\(path)' vanished or became unreadable while being added: \(error)")
        }
    }

    /// Chunks, hashes and stores a large file as two halves at once, with the same cut points
    /// as one pass: the second half is chunked from the middle while the first is chunked from
    /// the start; the first then goes on past the middle until it cuts where a second-half chunk
    /// starts, and from there on the two agree (each cut restarts the chunker), so the second
    /// half's chunks from that point are used. Chunks the second half stored before that point
    /// stay unreferenced in the pack until `gc`. The middle is a multiple of the segment's
    /// alignment from its start, so both halves move their cuts to the same element boundaries.
    private func chunkInHalves(
        _ fullPath: String, _ segment: FileSegment, forecast: ChunkForecast?, storeChunk: @escaping StoreChunk
    ) throws -> ([FileManifest.Chunk], Int) {
        let range = segment.range
        let alignment = UInt64(segment.alignment)
        let middle = range.lowerBound + UInt64(range.count) / 2 / alignment * alignment
        let parameters = self.parameters
        let onGuess = self.onGuess
        let firstHalf = try ChunkReader(
            path: fullPath, parameters: parameters, range: range, alignment: segment.alignment)
        let second = BackgroundTask {
            Result { () throws -> [(start: UInt64, chunk: FileManifest.Chunk, added: Int)] in
                let reader = try ChunkReader(
                    path: fullPath, parameters: parameters, range: middle..<range.upperBound,
                    alignment: segment.alignment)
                var out: [(start: UInt64, chunk: FileManifest.Chunk, added: Int)] = []
                // The middle is no cut: guesses start after the first chunk the last version had too.
                var source = ChunkSource(reader: reader, forecast: forecast?.startingLater())
                while true {
                    let start = source.offset
                    guard let (bytes, id) = try source.next(onGuess: onGuess) else { break }
                    let (chunk, added) = try storeChunk(bytes, id)
                    out.append((start, chunk, added))
                }
                return out
            }
        }
        var first: [(FileManifest.Chunk, Int)] = []
        var source = ChunkSource(reader: firstHalf, forecast: forecast)
        do {
            while source.offset < middle, let (bytes, id) = try source.next(onGuess: onGuess) {
                first.append(try storeChunk(bytes, id))
            }
        } catch {
            _ = second.wait()
            throw error
        }
        let tail = try second.wait().get()
        var startIndex: [UInt64: Int] = [:]
        for (position, entry) in tail.enumerated() { startIndex[entry.start] = position }
        var sync = startIndex[source.offset]
        while sync == nil, let (bytes, id) = try source.next(onGuess: onGuess) {
            first.append(try storeChunk(bytes, id))
            sync = startIndex[source.offset]
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

    /// Checks that the file did not change while read and returns its manifest.
    private func finish(
        _ path: RepoPath, fullPath: String, expected: FileStat, chunks: [FileManifest.Chunk], newBytes: Int
    ) throws -> (manifest: FileManifest, newBytes: Int) {
        let manifest = FileManifest(chunks: chunks)
        guard let after = FileStat.of(fullPath), after.size == expected.size, manifest.size == expected.size,
            after.mtimeNanoseconds == expected.mtimeNanoseconds
        else {
            throw RepositoryError(
                .fileChanged, "'\(path)' changed while being added", hint: "wait until it is written, then add it again"
            )
        }
        return (manifest, newBytes)
    }

    private func putManifest(_ manifest: FileManifest) throws -> ObjectID {
        guard let writer else { return manifest.id }
        return try writer.put(manifest.encoded(), kind: .file)
    }
}

/// The chunks of a file's previous version, as guesses for the next chunk while the file is cut
/// again: after a chunk that the previous version had at position `k`, the next chunk is likely
/// the one it had at `k + 1`.
///
/// A guess is taken only when the bytes hash to it (``ChunkReader/next(ifHashTo:)``), so the
/// manifest comes out as the chunker alone would cut it; guesses are tried in runs
/// (``ChunkSource``). For a file edited in a few places this skips the gear hash over nearly all
/// of it.
/// The previous version's last chunk is never guessed: it ended where that file did.
struct ChunkForecast: Sendable {
    private let chunks: [FileManifest.Chunk]
    /// Where each chunk id sits among `chunks` (the last such position when one repeats).
    private let positions: [ObjectID: Int]
    /// The position of the chunk expected next, if any.
    private var next: Int?

    init(previous: FileManifest) {
        chunks = Array(previous.chunks.dropLast())
        var positions: [ObjectID: Int] = [:]
        positions.reserveCapacity(chunks.count)
        for (position, chunk) in chunks.enumerated() { positions[chunk.id] = position }
        self.positions = positions
        next = chunks.isEmpty ? nil : 0
    }

    /// The same guesses for a reader that starts inside the file, not at a cut: nothing is
    /// expected until a chunk of the previous version comes by.
    func startingLater() -> ChunkForecast {
        var copy = self
        copy.next = nil
        return copy
    }

    /// Up to `count` chunks expected next, one after another.
    func expectedRun(_ count: Int) -> ArraySlice<FileManifest.Chunk> {
        guard let next else { return [] }
        return chunks[next..<min(chunks.count, next + count)]
    }

    /// Records that the first `count` chunks of ``expectedRun(_:)`` came.
    mutating func passedRun(_ count: Int) {
        guard let current = next, count > 0 else { return }
        next = current + count < chunks.count ? current + count : nil
    }

    /// Records the chunk just cut (guessed or not).
    mutating func passed(_ id: ObjectID) {
        next = positions[id].flatMap { $0 + 1 < chunks.count ? $0 + 1 : nil }
    }
}

/// The chunks of a reader, with their ids, in batches hashed together in AVX-512 lanes where the
/// CPU has them: runs of guessed chunks (``ChunkForecast``) while the file repeats its previous
/// version (``ChunkReader/next(ifHashTo:)``), else chunks cut by the chunker
/// (``ChunkReader/nextHashed(upTo:)``).
///
/// Chunks come as slices of the reader's buffer, which the caller copies only to store one. The
/// caller lets go of each chunk before asking for the next, so the reader refills its buffer in
/// place.
struct ChunkSource {
    /// Chunks per batch when nothing is guessed.
    static let cutBatch = 32
    /// Guesses tried at once (the reader tries fewer when they pass ``ChunkReader/blockSize``
    /// bytes). A guess that fails stops the run; only the guesses being hashed beside it are
    /// wasted.
    static let run = 256

    private var reader: ChunkReader
    private(set) var forecast: ChunkForecast?
    private var ready: [(bytes: ArraySlice<UInt8>, id: ObjectID)] = []
    private var taken = 0
    /// Bytes of `ready` not yet returned.
    private var waiting = 0
    /// Set when the last run stopped at a guess that failed: the next chunk is cut, not guessed.
    private var missed = false

    init(reader: ChunkReader, forecast: ChunkForecast?) {
        self.reader = reader
        self.forecast = forecast
    }

    /// The file offset where the next chunk returned starts.
    var offset: UInt64 { reader.offset - UInt64(waiting) }

    /// The next chunk and its id, or nil at the end of the reader's range.
    mutating func next(onGuess: (@Sendable (Int) -> Void)?) throws -> (bytes: ArraySlice<UInt8>, id: ObjectID)? {
        if taken < ready.count { return take() }
        ready = []
        taken = 0
        if let forecast {
            let run = missed ? [] : forecast.expectedRun(ChunkSource.run)
            missed = false
            if !run.isEmpty {
                let (accepted, tried) = try reader.next(ifHashTo: run.map { ($0.id, $0.length) })
                if !accepted.isEmpty {
                    self.forecast?.passedRun(accepted.count)
                    for bytes in accepted { onGuess?(bytes.count) }
                    ready = zip(accepted, run).map { ($0, $1.id) }
                    waiting = accepted.reduce(0) { $0 + $1.count }
                    missed = accepted.count < tried
                    return take()
                }
            }
            // Cut one chunk: the one after it may be known again.
            guard let bytes = try reader.next() else { return nil }
            let id = SHA256Hasher.hash(bytes)
            self.forecast?.passed(id)
            return (bytes[...], id)
        }
        ready = try reader.nextHashed(upTo: ChunkSource.cutBatch)
        waiting = ready.reduce(0) { $0 + $1.bytes.count }
        return ready.isEmpty ? nil : take()
    }

    private mutating func take() -> (bytes: ArraySlice<UInt8>, id: ObjectID) {
        let chunk = ready[taken]
        taken += 1
        waiting -= chunk.bytes.count
        return chunk
    }
}
