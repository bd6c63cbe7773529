import MLVStorage

/// A file's content as the ordered list of its chunks (docs/FORMAT.md §6.1).
///
/// The file's id is the hash of this manifest's encoding, so equal files share one id and no
/// second pass over the bytes is needed.
public struct FileManifest: Sendable, Equatable {
    /// One chunk of the file: its id and raw length in bytes.
    public struct Chunk: Sendable, Equatable {
        public var id: ObjectID
        public var length: Int

        public init(id: ObjectID, length: Int) {
            self.id = id
            self.length = length
        }
    }

    public var chunks: [Chunk]

    /// The file size: the sum of the chunk lengths.
    public var size: UInt64 { chunks.reduce(0) { $0 + UInt64($1.length) } }

    public init(chunks: [Chunk]) {
        self.chunks = chunks
    }

    /// Canonical encoding: size u64, count u32, then per chunk id (32 bytes) and length u32, all
    /// big-endian.
    /// - Complexity: O(chunks).
    public func encoded() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(12 + chunks.count * 36)
        out.appendBigEndian(size, width: 8)
        out.appendBigEndian(UInt64(chunks.count), width: 4)
        for chunk in chunks {
            chunk.id.append(to: &out)
            out.appendBigEndian(UInt64(chunk.length), width: 4)
        }
        return out
    }

    /// Decodes and validates a manifest: lengths are positive and add up to the size.
    public init(decoding bytes: [UInt8]) throws(ObjectsError) {
        var parser = ByteParser(bytes, what: "file manifest")
        let size = try parser.u64()
        let count = try parser.u32()
        guard count <= (bytes.count - 12) / 36 else { throw parser.truncated(count * 36) }
        var chunks = [Chunk]()
        chunks.reserveCapacity(count)
        var total: UInt64 = 0
        for index in 0..<count {
            let id = try parser.objectID()
            let length = try parser.u32()
            guard length > 0 else {
                throw ObjectsError(.invalid, "file manifest chunk \(index) has length 0")
            }
            total += UInt64(length)
            chunks.append(Chunk(id: id, length: length))
        }
        try parser.expectEnd()
        guard total == size else {
            throw ObjectsError(.invalid, "file manifest size \(size) does not match its chunks' total \(total)")
        }
        self.chunks = chunks
    }

    /// The id this manifest is stored under.
    public var id: ObjectID { SHA256Hasher.hash(kind: .file, body: encoded()) }
}
