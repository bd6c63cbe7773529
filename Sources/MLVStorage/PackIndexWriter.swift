/// Encodes pack indexes (docs/FORMAT.md §7).
public enum PackIndexWriter {
    /// The bytes of the index for a pack with checksum `packChecksum` holding `entries`, in any order.
    ///
    /// - Throws: `.invalidArgument` when two entries share (id, kind) or a length exceeds `UInt32.max`.
    /// - Complexity: O(n log n) to sort, O(n) to encode and hash.
    public static func encode(_ entries: [PackIndex.Entry], packChecksum: ObjectID) throws(StorageError) -> [UInt8] {
        let sorted = entries.sorted { lhs, rhs in
            lhs.id != rhs.id ? lhs.id < rhs.id : lhs.kind.rawValue < rhs.kind.rawValue
        }
        guard sorted.count <= Int(UInt32.max) else {
            throw StorageError(.invalidArgument, "a pack index holds at most \(UInt32.max) records")
        }
        var fanOut = [UInt32](repeating: 0, count: PackIndexFormat.fanOutCount)
        for entry in sorted { fanOut[Int(entry.id.firstByte)] += 1 }
        var running: UInt32 = 0
        for slot in 0..<fanOut.count {
            running += fanOut[slot]
            fanOut[slot] = running
        }
        var bytes = PackIndexFormat.magic
        bytes.reserveCapacity(PackIndexFormat.fileSize(count: sorted.count))
        bytes.appendBigEndian(PackIndexFormat.version)
        bytes.appendBigEndian(UInt32(sorted.count))
        for value in fanOut { bytes.appendBigEndian(value) }
        var previous: PackIndex.Entry?
        for entry in sorted {
            if let previous, previous.id == entry.id, previous.kind == entry.kind {
                throw StorageError(.invalidArgument, "\(entry.kind) \(entry.id) appears twice in one pack")
            }
            guard entry.storedLength <= PackFormat.maxEntryLength, entry.rawLength <= PackFormat.maxEntryLength
            else {
                throw StorageError(.invalidArgument, "\(entry.kind) \(entry.id) is too large for a pack entry")
            }
            entry.id.append(to: &bytes)
            bytes.appendBigEndian(entry.offset)
            bytes.appendBigEndian(UInt32(entry.storedLength))
            bytes.appendBigEndian(UInt32(entry.rawLength))
            bytes.append(entry.kind.rawValue)
            bytes.append(entry.codec.rawValue)
            bytes.append(0)
            bytes.append(0)
            previous = entry
        }
        packChecksum.append(to: &bytes)
        SHA256Hasher.hash(bytes).append(to: &bytes)
        return bytes
    }
}
