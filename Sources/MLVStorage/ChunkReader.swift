/// Reads a file and yields its content-defined chunks with bounded memory.
///
/// The file is read in blocks of ``blockSize`` bytes straight into one buffer, allocated once;
/// chunks are cut from it in place, and the unread tail (under `maxSize` bytes) is moved to the
/// front only when a new block is needed. Memory stays below `blockSize + maxSize` bytes plus the
/// chunk being returned, whatever the file size.
public struct ChunkReader {
    /// Bytes requested from the file per read.
    public static let blockSize = 4 * 1024 * 1024

    private let chunker: Chunker
    private let handle: FileReader
    /// Bytes `start..<end` of `buffer` are read and not yet returned; the rest is spare room.
    private var buffer: [UInt8] = []
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// Where reading starts, and the end: the file's size when opened unless a range was given.
    /// Reads never ask for more than what remains, so small files cost small buffers. Growth
    /// during the read is caught by the caller's stat check.
    private let origin: UInt64
    private let limit: UInt64
    private var bytesRead: UInt64 = 0
    /// Bytes of chunks returned so far.
    private var consumed: UInt64 = 0
    /// Every cut is moved forward to a multiple of this many bytes from the start.
    private let alignment: Int

    /// The file offset where the next chunk starts.
    public var offset: UInt64 { origin + consumed }

    /// Opens `path` for chunking; throws `.io` when it cannot be opened.
    public init(path: String, parameters: ChunkerParameters = .standard) throws(StorageError) {
        chunker = Chunker(parameters: parameters)
        handle = try FileReader(path: path)
        origin = 0
        limit = try handle.size()
        alignment = 1
    }

    /// Chunks the bytes of `path` from `start` to the end of the file, as if the file began at
    /// `start`. Used to chunk two halves of a large file at once: the halves' cut points agree
    /// from the first cut point they share on (docs/FORMAT-chunking.md §1.3.1).
    public init(path: String, parameters: ChunkerParameters = .standard, from start: UInt64) throws(StorageError) {
        chunker = Chunker(parameters: parameters)
        handle = try FileReader(path: path)
        let size = try handle.size()
        origin = min(start, size)
        limit = size
        alignment = 1
    }

    /// Chunks the bytes of `path` in `range` as if they were a file of their own: the first
    /// chunk starts at `range.lowerBound` and the last ends at `range.upperBound` (or the end of
    /// the file, if sooner). Used to cut chunks at the boundaries of a file's parts, such as
    /// the tensors of a checkpoint (docs/FORMAT-chunking.md §1.3.2).
    ///
    /// With an `alignment` above 1, each cut the chunker finds is moved forward to the next
    /// multiple of `alignment` bytes from `range.lowerBound` (the range's end stays a cut), so
    /// that every chunk of a float tensor starts at an element boundary. A cut never moves past
    /// the maximum chunk size, which is a multiple of every element width.
    public init(
        path: String, parameters: ChunkerParameters = .standard, range: Range<UInt64>, alignment: Int = 1
    ) throws(StorageError) {
        chunker = Chunker(parameters: parameters)
        handle = try FileReader(path: path)
        let size = try handle.size()
        origin = min(range.lowerBound, size)
        limit = min(range.upperBound, size)
        self.alignment = max(alignment, 1)
    }

    /// The next chunk, or nil at the end of the file.
    ///
    /// - Complexity: amortized O(chunk length); a chunk that crosses a block edge is rescanned
    ///   once from its start after the next block arrives.
    public mutating func next() throws(StorageError) -> [UInt8]? {
        while true {
            if start < end, var length = chunker.nextBoundary(in: buffer[start..<end], isFinal: atEnd) {
                if alignment > 1 && length % alignment != 0 {
                    let available = end - start
                    let aligned = (length / alignment + 1) * alignment
                    if aligned <= available {
                        if aligned <= chunker.parameters.maxSize { length = aligned }
                    } else if atEnd {
                        length = available
                    } else {
                        // The aligned cut lies beyond the buffer: read on, then cut again.
                        try refill()
                        continue
                    }
                }
                let chunk = Array(buffer[start..<(start + length)])
                start += length
                consumed += UInt64(length)
                return chunk
            }
            if atEnd { return nil }
            try refill()
        }
    }

    /// The next chunk when it is `length` bytes that hash to `id`, the caller's guess (the chunk
    /// that followed the same bytes in an earlier version of the file); nil, with nothing
    /// consumed, when the bytes differ or the chunker could not end a chunk there.
    ///
    /// Bytes that hash to a chunk the chunker cut before, starting at a cut, are cut the same way
    /// again: a cut depends only on the bytes since the previous one. Accepting them skips the
    /// gear hash over the chunk, and hashing them is work ``next()`` would do anyway. Only for
    /// readers without alignment, and never for a chunk that ended at the end of its file (which
    /// the caller leaves out of its guesses).
    public mutating func next(ifHashesTo id: ObjectID, length: Int) throws(StorageError) -> [UInt8]? {
        guard alignment == 1, length > 0, length <= chunker.parameters.maxSize else { return nil }
        while end - start < length && !atEnd { try refill() }
        guard end - start >= length else { return nil }
        let bytes = buffer[start..<(start + length)]
        guard chunker.mayEndChunk(bytes), SHA256Hasher.hash(bytes) == id else { return nil }
        let chunk = Array(bytes)
        start += length
        consumed += UInt64(length)
        return chunk
    }

    /// Moves the unread tail to the front of the buffer and reads the next block after it.
    private mutating func refill() throws(StorageError) {
        let tail = end - start
        // A short block comes only at the end of the file.
        let remaining = limit - min(origin + bytesRead, limit)
        let want = Int(min(UInt64(ChunkReader.blockSize), remaining))
        if buffer.count < tail + want {
            // Room for a block and a tail, or only what is left of a small file.
            let more = remaining > UInt64(want) ? chunker.parameters.maxSize : 0
            var grown = [UInt8](repeating: 0, count: tail + want + more)
            unsafe grown.withUnsafeMutableBufferPointer { target in
                unsafe buffer.withUnsafeBufferPointer { source in
                    guard let to = target.baseAddress, let from = source.baseAddress, tail > 0 else { return }
                    unsafe to.update(from: from + start, count: tail)
                }
            }
            buffer = grown
        } else if start > 0 && tail > 0 {
            let from = start
            unsafe buffer.withUnsafeMutableBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                unsafe base.copyMemory(from: base + from, byteCount: tail)  // memmove: may overlap
            }
        }
        start = 0
        end = tail
        let offset = origin + bytesRead
        var failure: StorageError?
        let handle = self.handle
        let got = unsafe buffer.withUnsafeMutableBytes { bytes -> Int in
            do throws(StorageError) {
                return try unsafe handle.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: bytes[tail..<(tail + want)]), at: offset)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        bytesRead += UInt64(got)
        end += got
        if got < want || origin + bytesRead >= limit { atEnd = true }
    }
}
