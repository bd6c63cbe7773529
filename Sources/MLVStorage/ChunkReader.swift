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

    /// The longest prefix of `guesses` (chunks expected one after another, as an earlier version
    /// of the file had them) that the next bytes are; nothing more is consumed. Returns the
    /// accepted chunks' bytes, slices of the reader's buffer (let go of them before reading on,
    /// or the next refill copies the buffer), and how many guesses were tried: more than were
    /// accepted when one failed.
    ///
    /// A guess is taken when the bytes hash to its id and the chunker may cut after them. Bytes
    /// that hash to a chunk the chunker cut before, starting at a cut, are cut the same way again:
    /// a cut depends only on the bytes since the previous one. Accepting them skips the gear
    /// hash, and hashing them is work ``next()`` would do anyway. The guesses are hashed together
    /// (``SHA256Hasher/matchingPrefix(_:ranges:expected:)``), and those past ``blockSize`` bytes
    /// in total are not tried. Only for readers without alignment; a chunk that ended at the end
    /// of its file is no guess (the caller leaves it out).
    public mutating func next(ifHashTo guesses: [(id: ObjectID, length: Int)]) throws(StorageError)
        -> (accepted: [ArraySlice<UInt8>], tried: Int)
    {
        guard alignment == 1 else { return ([], 0) }
        var ranges: [Range<Int>] = []
        var total = 0
        for guess in guesses {
            guard guess.length > 0, guess.length <= chunker.parameters.maxSize,
                total + guess.length <= ChunkReader.blockSize
            else { break }
            ranges.append(total..<(total + guess.length))
            total += guess.length
        }
        while end - start < total && !atEnd { try refill() }
        while let last = ranges.last, last.upperBound > end - start { ranges.removeLast() }
        guard !ranges.isEmpty else { return ([], 0) }
        let first = start
        let expected = guesses.prefix(ranges.count).map(\.id)
        let matched = unsafe buffer.withUnsafeBytes { bytes in
            let span = unsafe UnsafeRawBufferPointer(
                rebasing: bytes[first..<(first + ranges[ranges.count - 1].upperBound)])
            if let matched = unsafe SHA256Hasher.matchingPrefix(span, ranges: ranges, expected: expected) {
                return matched
            }
            return ranges.indices.first {
                unsafe SHA256Hasher.hash(UnsafeRawBufferPointer(rebasing: span[ranges[$0]])) != expected[$0]
            } ?? ranges.count
        }
        var accepted: [ArraySlice<UInt8>] = []
        for range in ranges.prefix(matched) {
            let bytes = buffer[(first + range.lowerBound)..<(first + range.upperBound)]
            guard chunker.mayEndChunk(bytes) else { break }
            accepted.append(bytes)
        }
        let length = accepted.reduce(0) { $0 + $1.count }
        start += length
        consumed += UInt64(length)
        return (accepted, ranges.count)
    }

    /// Up to `count` next chunks with their ids, hashed together (``SHA256Hasher/hash(_:ranges:)``):
    /// the chunks ``next()`` would return one by one, as many as the buffer holds (at least one
    /// unless the file is done). Empty at the end of the file. The bytes are slices of the
    /// reader's buffer, as ``next(ifHashTo:)`` returns them.
    public mutating func nextHashed(upTo count: Int) throws(StorageError) -> [(
        bytes: ArraySlice<UInt8>, id: ObjectID
    )] {
        guard alignment == 1, count > 1 else {
            guard let bytes = try next() else { return [] }
            return [(bytes[...], SHA256Hasher.hash(bytes))]
        }
        var ranges: [Range<Int>] = []
        var position = start
        while ranges.count < count {
            if position < end, let length = chunker.nextBoundary(in: buffer[position..<end], isFinal: atEnd) {
                ranges.append(position..<(position + length))
                position += length
                continue
            }
            // The next cut lies beyond the buffer: hash what is cut, or read on if nothing is.
            if !ranges.isEmpty || atEnd { break }
            try refill()
            position = start
        }
        guard let last = ranges.last else { return [] }
        let first = start
        let ids = unsafe buffer.withUnsafeBytes { bytes in
            unsafe SHA256Hasher.hash(
                UnsafeRawBufferPointer(rebasing: bytes[first..<last.upperBound]),
                ranges: ranges.map { ($0.lowerBound - first)..<($0.upperBound - first) })
        }
        start = last.upperBound
        consumed += UInt64(last.upperBound - first)
        return zip(ranges, ids).map { (buffer[$0], $1) }
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
