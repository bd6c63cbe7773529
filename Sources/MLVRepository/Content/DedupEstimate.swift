import MLVStorage

/// How much new data successive versions of a file would store, with tensor-aware chunking
/// (FORMAT-chunking.md §1.3.2) and with plain content-defined chunking of the whole file: the
/// measurement behind the policy, for `mlv debug dedup` and `make bench`.
public enum DedupEstimate {
    /// One version's figures.
    public struct Version: Sendable, Equatable {
        public var path: String
        public var size: UInt64
        /// Raw bytes of chunks no earlier version had, cutting at tensor boundaries.
        public var newBytesTensorAware: UInt64
        /// The same with plain content-defined chunking of the whole file.
        public var newBytesPlain: UInt64
        /// Whether the file was recognised as a tensor file (else both figures are equal).
        public var isTensorFile: Bool
    }

    /// Reads each file in order, as successive versions, and counts the bytes of chunks not seen
    /// in an earlier one under both policies.
    /// - Complexity: O(total bytes); memory is bounded by the chunk reader's buffer plus the
    ///   ids seen.
    public static func measure(
        paths: [String], parameters: ChunkerParameters = .standard
    ) throws(StorageError) -> [Version] {
        var seenAware = Set<ObjectID>()
        var seenPlain = Set<ObjectID>()
        var versions: [Version] = []
        for path in paths {
            let file = try FileReader(path: path)
            let size = try file.size()
            let segments = try TensorSegments.read(file, size: size, minimumSize: parameters.minSize).segments
            let whole = [FileSegment(range: 0..<size, hint: .generic)]
            let aware = try newBytes(path, segments: segments ?? whole, parameters, &seenAware)
            let plain = try newBytes(path, segments: whole, parameters, &seenPlain)
            versions.append(
                Version(
                    path: path, size: size, newBytesTensorAware: aware, newBytesPlain: plain,
                    isTensorFile: segments != nil))
        }
        return versions
    }

    private static func newBytes(
        _ path: String, segments: [FileSegment], _ parameters: ChunkerParameters, _ seen: inout Set<ObjectID>
    ) throws(StorageError) -> UInt64 {
        var total: UInt64 = 0
        for segment in segments {
            var reader = try ChunkReader(
                path: path, parameters: parameters, range: segment.range, alignment: segment.alignment)
            while let chunk = try reader.next() {
                if seen.insert(SHA256Hasher.hash(chunk)).inserted { total += UInt64(chunk.count) }
            }
        }
        return total
    }
}
