import Foundation

/// Streams one pack to a temporary file, then installs it with its index (docs/FORMAT.md §7).
///
/// Life cycle: ``init(temporaryDirectory:)`` writes the header to `tmp/pack-<pid>-<random>.tmp`;
/// ``append(id:kind:codec:rawLength:stored:)`` adds entries; ``seal()`` writes the trailer, syncs
/// and closes the file; ``install(packDirectory:temporaryDirectory:)`` renames it to
/// `pack/pack-<checksum>.pack`, syncs the directory, then writes `pack-<checksum>.idx` atomically.
/// ``discard()`` removes the temporary file at any point before installation.
///
/// Not thread-safe: ``ObjectWriter`` serializes calls under its lock, and hands a full pack to
/// its seal queue only once nothing appends to it any more.
final class PackWriter: @unchecked Sendable {
    // Safety: used by one thread at a time, as above.
    /// Bytes buffered before a `write(2)`.
    private static let bufferLimit = 1 << 20

    let temporaryPath: String
    private var file: FileWriter?
    private var hasher = SHA256Hasher()
    private var buffer: [UInt8] = []
    /// Bytes of the buffer's first byte in the file.
    private var flushedSize: UInt64 = 0
    private var reader: FileReader?
    /// Set for a pack written with direct I/O: every byte then goes through it.
    private var direct: DirectPackOutput?
    /// The entries appended so far, in pack order.
    private(set) var entries: [PackIndex.Entry] = []
    /// The pack's checksum once sealed.
    private(set) var checksum: ObjectID?

    /// Whether the pack belongs to a bulk write: written with direct I/O where the file system
    /// allows it (``DirectPackOutput``), and dropped from the page cache once durable.
    let bulk: Bool

    /// Creates the temporary file and writes the pack header.
    init(temporaryDirectory: URL, bulk: Bool = false) throws(StorageError) {
        self.bulk = bulk
        temporaryPath =
            temporaryDirectory.appendingPathComponent(
                FileSystem.uniqueName(prefix: "pack", suffix: ".tmp")
            ).path
        let file = try FileWriter(creating: temporaryPath)
        self.file = file
        InterruptCleanup.shared.insert(temporaryPath)
        if bulk { direct = DirectPackOutput(file: file) }
        try emit(PackFormat.header, hashed: true)
    }

    /// Whether the pack is written with direct I/O.
    var writesDirect: Bool { direct != nil }

    /// The number of bytes in the pack so far, trailer excluded.
    var size: UInt64 { direct?.size ?? flushedSize + UInt64(buffer.count) }

    /// Appends one entry whose stored bytes are already encoded; returns its index entry.
    ///
    /// - Throws: `.invalidArgument` when a length exceeds `UInt32.max`; `.io` on write failure.
    /// - Complexity: O(stored.count), amortized.
    func append(id: ObjectID, kind: ObjectKind, codec: ChunkCodec, rawLength: Int, stored: [UInt8])
        throws(StorageError) -> PackIndex.Entry
    {
        guard checksum == nil else {
            throw StorageError(.invalidArgument, "pack '\(temporaryPath)' is sealed")
        }
        guard rawLength <= PackFormat.maxEntryLength, stored.count <= PackFormat.maxEntryLength else {
            throw StorageError(.invalidArgument, "\(kind) \(id) is too large for a pack entry (\(rawLength) bytes)")
        }
        let entry = PackIndex.Entry(
            id: id, kind: kind, codec: codec, offset: size, storedLength: stored.count, rawLength: rawLength)
        try emit(
            PackFormat.entryHeader(kind: kind, codec: codec, rawLength: rawLength, storedLength: stored.count, id: id),
            hashed: true)
        try emit(stored, hashed: false)
        entries.append(entry)
        return entry
    }

    /// The stored bytes of an entry appended to this pack (before installation).
    func readStored(_ entry: PackIndex.Entry) throws(StorageError) -> [UInt8] {
        let start = entry.offset + UInt64(PackFormat.entryHeaderSize)
        if let direct {
            let range = start..<(start + UInt64(entry.storedLength))
            if range.lowerBound >= direct.written { return direct.buffered(range) }
            // Written, or partly: the file has the bytes before the current buffer.
            try direct.drain()
            if reader == nil { reader = try FileReader(path: temporaryPath) }
            let end = min(range.upperBound, direct.written)
            // swift-format-ignore: NeverForceUnwrap
            // Assigned just above.
            let head = try reader!.read(count: Int(end - start), at: start)
            return end == range.upperBound ? head : head + direct.buffered(end..<range.upperBound)
        }
        if start >= flushedSize {
            let from = Int(start - flushedSize)
            return Array(buffer[from..<from + entry.storedLength])
        }
        try flush()
        if reader == nil { reader = try FileReader(path: temporaryPath) }
        // swift-format-ignore: NeverForceUnwrap
        // Assigned just above.
        return try reader!.read(count: entry.storedLength, at: start)
    }

    /// Writes the trailer, syncs and closes the file; returns the pack checksum. A bulk pack's
    /// pages then leave the page cache (see ``ObjectWriter``).
    @discardableResult
    func seal() throws(StorageError) -> ObjectID {
        if let checksum { return checksum }
        try flush()
        let digest = hasher.finalize()
        var trailer = [UInt8]()
        digest.append(to: &trailer)
        guard let file else { throw StorageError(.invalidArgument, "pack '\(temporaryPath)' is closed") }
        if let direct {
            direct.finish()
            try direct.drain()
            direct.releaseBuffers()
            // The trailer fills no block: it goes through the page cache.
            _ = file.setDirect(false)
            try file.write(trailer, at: direct.size)
        } else {
            try file.write(trailer)
        }
        try file.sync()
        if bulk { file.dropCachedPages() }
        try file.close()
        self.file = nil
        checksum = digest
        return digest
    }

    /// Moves the sealed pack into `packDirectory` and writes its index; returns both paths.
    ///
    /// Order (each step durable before the next): rename pack, sync directory, write index to a
    /// temporary file, sync it, rename, sync directory. A crash between the steps leaves a pack
    /// without an index, which readers ignore and gc removes.
    func install(packDirectory: URL, temporaryDirectory: URL) throws(StorageError) -> (pack: String, index: String) {
        let checksum = try seal()
        let packPath = packDirectory.appendingPathComponent(PackFormat.fileName(checksum: checksum)).path
        let indexURL = packDirectory.appendingPathComponent(PackIndexFormat.fileName(checksum: checksum))
        let indexBytes = try PackIndexWriter.encode(entries, packChecksum: checksum)
        try FileSystem.rename(temporaryPath, to: packPath)
        InterruptCleanup.shared.remove(temporaryPath)
        try FileSystem.syncDirectory(packDirectory.path)
        try AtomicFile.write(indexBytes, to: indexURL, temporaryDirectory: temporaryDirectory)
        return (packPath, indexURL.path)
    }

    /// Closes and removes the temporary file; the writer must not be used afterwards.
    func discard() {
        if let file {
            try? file.close()
            self.file = nil
        }
        try? FileSystem.remove(temporaryPath)
        InterruptCleanup.shared.remove(temporaryPath)
    }

    /// Writes bytes; `hashed` ones (the pack header and entry headers) feed the pack checksum.
    private func emit(_ bytes: [UInt8], hashed: Bool) throws(StorageError) {
        if hashed { hasher.update(bytes) }
        if let direct { return try direct.append(bytes) }
        if buffer.isEmpty && bytes.count >= PackWriter.bufferLimit {
            try writeToFile(bytes)
            flushedSize += UInt64(bytes.count)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= PackWriter.bufferLimit { try flush() }
    }

    /// Writes buffered bytes to the file (before the pack is sealed on another thread); a direct
    /// pack hands its last buffer to its write queue. Nothing may be appended afterwards.
    func flushBuffer() throws(StorageError) {
        if let direct { return direct.finish() }
        try flush()
    }

    private func flush() throws(StorageError) {
        guard !buffer.isEmpty else { return }
        try writeToFile(buffer)
        flushedSize += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeToFile(_ bytes: [UInt8]) throws(StorageError) {
        guard let file else { throw StorageError(.invalidArgument, "pack '\(temporaryPath)' is closed") }
        try file.write(bytes)
    }
}
