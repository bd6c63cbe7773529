/// Content-defined chunking parameters; constants of the format (docs/FORMAT.md §2).
public struct ChunkerParameters: Sendable, Equatable {
    public var minSize: Int
    public var averageSize: Int
    public var maxSize: Int

    public init(minSize: Int, averageSize: Int, maxSize: Int) {
        self.minSize = minSize
        self.averageSize = averageSize
        self.maxSize = maxSize
    }

    /// The parameters every repository of format version 1 uses.
    public static let standard = ChunkerParameters(minSize: 16 * 1024, averageSize: 64 * 1024, maxSize: 256 * 1024)
}

/// Cuts a byte stream into content-defined chunks (placeholder: fixed-size cuts).
public struct Chunker: Sendable {
    public let parameters: ChunkerParameters

    public init(parameters: ChunkerParameters = .standard) {
        self.parameters = parameters
    }

    /// The length of the first chunk of `bytes`. When `isFinal` is false and no boundary is found
    /// before `maxSize`, returns nil so the caller supplies more data.
    public func nextBoundary(in bytes: ArraySlice<UInt8>, isFinal: Bool) -> Int? {
        if bytes.count >= parameters.averageSize { return parameters.averageSize }
        return isFinal ? bytes.count : nil
    }
}

/// Reads a file and yields its chunks with bounded memory.
public struct ChunkReader {
    private let chunker: Chunker
    private let handle: FileReader
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false

    public init(path: String, parameters: ChunkerParameters = .standard) throws(StorageError) {
        chunker = Chunker(parameters: parameters)
        handle = try FileReader(path: path)
    }

    /// The next chunk, or nil at the end of the file.
    public mutating func next() throws(StorageError) -> [UInt8]? {
        while true {
            let available = buffer[start...]
            if !available.isEmpty, let length = chunker.nextBoundary(in: available, isFinal: eof) {
                let chunk = Array(buffer[start..<(start + length)])
                start += length
                return chunk
            }
            if eof { return nil }
            buffer.removeFirst(start)
            start = 0
            let more = try handle.read(upTo: 4 * 1024 * 1024)
            if more.isEmpty { eof = true } else { buffer.append(contentsOf: more) }
        }
    }
}
