/// How a stored chunk's bytes are encoded; the byte is written in packs (docs/FORMAT.md §5).
/// Raw values are part of the format and are never reused.
public enum ChunkCodec: UInt8, Sendable, CaseIterable {
    /// Stored as is: incompressible data.
    case raw = 0
    /// zlib stream (RFC 1950) of the raw bytes.
    case zlib = 1
    /// Bytes grouped by position within 2-byte elements, then zlib (float16, bfloat16).
    case shuffle2Zlib = 2
    /// Bytes grouped by position within 4-byte elements, then zlib (float32).
    case shuffle4Zlib = 3
    /// Bytes grouped by position within 8-byte elements, then zlib (float64).
    case shuffle8Zlib = 4
}

/// What the caller knows about the data, used to pick a codec.
public enum ContentHint: Sendable, Equatable {
    /// Nothing known: detect incompressible data cheaply, else zlib.
    case generic
    /// Arrays of fixed-width numbers (floats): byte-shuffle with this element width, then zlib.
    case elements(width: Int)
}

/// A chunk after encoding: the codec used and the stored bytes.
public struct EncodedChunk: Sendable {
    public var codec: ChunkCodec
    public var bytes: [UInt8]

    public init(codec: ChunkCodec, bytes: [UInt8]) {
        self.codec = codec
        self.bytes = bytes
    }
}

/// Encodes and decodes chunks. Value type; each thread may use its own copy.
public struct ChunkEncoder: Sendable {
    /// zlib level, 1 (fast) to 9.
    public var level: Int32

    public init(level: Int32 = 1) {
        self.level = level
    }

    /// Encodes `raw`, choosing raw storage when compression would not pay.
    public func encode(_ raw: [UInt8], hint: ContentHint = .generic) throws(StorageError) -> EncodedChunk {
        // Placeholder: replaced by the codec implementation.
        EncodedChunk(codec: .raw, bytes: raw)
    }

    /// Decodes stored bytes back to exactly `rawLength` raw bytes.
    public static func decode(_ stored: [UInt8], codec: ChunkCodec, rawLength: Int) throws(StorageError) -> [UInt8] {
        guard codec == .raw, stored.count == rawLength else {
            throw StorageError(.compression, "codec \(codec) is not implemented yet")
        }
        return stored
    }
}
