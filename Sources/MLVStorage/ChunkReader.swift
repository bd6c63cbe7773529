/// Reads a file and yields its content-defined chunks with bounded memory.
///
/// The file is read in blocks of ``blockSize`` bytes into one buffer; chunks are cut from it in
/// place, and the unread tail is moved to the front only when a new block is needed, so each byte
/// is moved at most once per block. Memory stays below `blockSize + maxSize` bytes plus the chunk
/// being returned, whatever the file size.
public struct ChunkReader {
    /// Bytes requested from the file per read.
    public static let blockSize = 4 * 1024 * 1024

    private let chunker: Chunker
    private let handle: FileReader
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// Bytes the file had when opened; reads never ask for more than what remains, so small
    /// files cost small buffers. Growth during the read is caught by the caller's stat check.
    private let fileSize: UInt64
    private var bytesRead: UInt64 = 0

    /// Opens `path` for chunking; throws `.io` when it cannot be opened.
    public init(path: String, parameters: ChunkerParameters = .standard) throws(StorageError) {
        chunker = Chunker(parameters: parameters)
        handle = try FileReader(path: path)
        fileSize = try handle.size()
    }

    /// The next chunk, or nil at the end of the file.
    ///
    /// - Complexity: amortized O(chunk length); a chunk that crosses a block edge is rescanned
    ///   once from its start after the next block arrives.
    public mutating func next() throws(StorageError) -> [UInt8]? {
        while true {
            if start < buffer.count, let length = chunker.nextBoundary(in: buffer[start...], isFinal: atEnd) {
                let chunk = Array(buffer[start..<(start + length)])
                start += length
                return chunk
            }
            if atEnd { return nil }
            try refill()
        }
    }

    /// Drops consumed bytes from the front of the buffer and appends the next block.
    private mutating func refill() throws(StorageError) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        // `read(upTo:)` returns a short block only at the end of the file.
        let want = Int(min(UInt64(ChunkReader.blockSize), fileSize - min(bytesRead, fileSize)))
        let block = want > 0 ? try handle.read(upTo: want) : []
        bytesRead += UInt64(block.count)
        if buffer.isEmpty { buffer = block } else { buffer.append(contentsOf: block) }
        if block.count < want || bytesRead >= fileSize { atEnd = true }
    }
}
