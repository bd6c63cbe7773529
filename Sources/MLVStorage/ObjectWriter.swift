import Foundation

/// Appends objects to new packs in `.mlv/tmp`; other processes see nothing until ``commit()``.
///
/// `put` may be called from several threads at once: each call encodes (compresses) outside the
/// lock, then appends under it, so two cores compress in parallel. Objects already stored, or
/// pending in any open writer of the same ``ObjectDatabase``, are not stored again. Once the
/// current pack reaches `packSizeLimit` it is sealed in `tmp/` and a new one begins; ``commit()``
/// installs them all. A writer that is dropped without ``commit()`` discards its packs, as
/// ``abort()`` does. After ``commit()`` or ``abort()`` the writer may start a new batch.
///
/// Thread-safety: `@unchecked Sendable`; `lock` guards every mutable property but `pending`, which
/// `pendingLock` guards. `pendingLock` is taken alone or inside `lock`, never the reverse, so
/// ``ObjectDatabase/contains(_:kind:)`` (asked for every chunk `add` puts) never waits for an
/// append that is writing a full buffer to the pack file. While holding `lock` the writer may call
/// ``ObjectDatabase/adopt(_:)`` (which takes the database lock), never the reverse.
public final class ObjectWriter: @unchecked Sendable {
    let database: ObjectDatabase
    private let encoder: ChunkEncoder
    private let lock = NSLock()
    private let pendingLock = NSLock()
    private var current: PackWriter?
    private var sealed: [PackWriter] = []
    private var pending: [ObjectKey: (pack: PackWriter, entry: PackIndex.Entry)] = [:]
    /// Set when a write failed midway; the batch can then only be aborted.
    private var failure: StorageError?
    /// Full packs being sealed (trailer + `fsync`) outside the lock, so that other threads keep
    /// appending meanwhile; `commit()` and `abort()` wait for them.
    private let sealing = DispatchGroup()
    /// Where full packs are sealed: their `fsync` (tens of milliseconds for a 64 MB pack) then
    /// overlaps the next chunks instead of stalling the thread that filled the pack.
    private let sealQueue = DispatchQueue(label: "mlv.pack-seal")
    /// Bytes of the packs this batch has filled. Once it reaches the database's `bulkWriteBytes` the batch
    /// is a bulk write (an import of large files), and each further pack is a bulk pack: written
    /// with direct I/O by a thread of its own (``DirectPackOutput``) and out of the page cache
    /// once durable, as a database's bulk loads do, so that it neither pushes out the cache's
    /// other pages nor costs the appending threads the copy into the cache. On this project's VM a
    /// page the guest has not touched for a while costs the hypervisor a fault: a 1 GiB add spent
    /// 1.2–1.9 s in the kernel (docs/PERFORMANCE.md). Smaller batches keep their packs cached for
    /// the reads that often follow (a checkout, a push).
    private var filledBytes: UInt64 = 0
    /// Set when the batch was announced as a bulk write (``expect(rawBytes:)``).
    private var announcedBulk = false
    /// Whether the next pack is a bulk pack; under `lock`.
    private var isBulk: Bool { announcedBulk || filledBytes >= database.options.bulkWriteBytes }

    init(database: ObjectDatabase) {
        self.database = database
        self.encoder = ChunkEncoder(level: database.options.compressionLevel)
    }

    deinit {
        current?.discard()
        for pack in sealed { pack.discard() }
        database.unregister(ObjectIdentifier(self))
    }

    /// Stores `raw` under `id` unless an object with that id and kind is already stored or pending.
    /// Returns true when the object was new. The caller guarantees that `id` names `raw`
    /// (``SHA256Hasher/hash(kind:body:)``); readers check it.
    ///
    /// - Throws: `.invalidArgument` for objects over 4 GiB; `.io` when the temporary pack cannot be
    ///   written (the batch must then be aborted).
    /// - Complexity: O(raw.count) to encode, outside the lock; O(stored size) under it.
    @discardableResult
    public func put(_ raw: [UInt8], id: ObjectID, kind: ObjectKind, hint: ContentHint = .generic) throws -> Bool {
        if database.contains(id, kind: kind) { return false }
        return try encodeAndAppend(raw, id: id, kind: kind, hint: hint)
    }

    /// ``put(_:id:kind:hint:)`` for bytes in a slice (of a read buffer), copied only when the
    /// object is new.
    @discardableResult
    public func put(_ raw: ArraySlice<UInt8>, id: ObjectID, kind: ObjectKind, hint: ContentHint = .generic) throws
        -> Bool
    {
        if database.contains(id, kind: kind) { return false }
        return try encodeAndAppend(Array(raw), id: id, kind: kind, hint: hint)
    }

    private func encodeAndAppend(_ raw: [UInt8], id: ObjectID, kind: ObjectKind, hint: ContentHint) throws -> Bool {
        guard raw.count <= PackFormat.maxEntryLength else {
            throw StorageError(.invalidArgument, "\(kind) \(id) has \(raw.count) bytes; an object holds at most 4 GiB")
        }
        let encoded = try encoder.encode(raw, hint: hint)
        return try append(id: id, kind: kind, codec: encoded.codec, rawLength: raw.count, stored: encoded.bytes)
    }

    /// Stores a structured object (manifest, tree, commit, tag) and returns its id.
    @discardableResult
    public func put(_ body: [UInt8], kind: ObjectKind) throws -> ObjectID {
        let id = SHA256Hasher.hash(kind: kind, body: body)
        try put(body, id: id, kind: kind)
        return id
    }

    /// Tells the writer that this batch offers about `rawBytes` bytes. A batch of at least twice
    /// the database's `bulkWriteBytes` is a bulk write from its first pack: an import that large
    /// pushes the page cache out anyway, and gains most from skipping it.
    public func expect(rawBytes: UInt64) {
        guard rawBytes / 2 >= database.options.bulkWriteBytes else { return }
        lock.withLock { announcedBulk = true }
    }

    /// Makes every object put so far durable and visible, then starts a new batch.
    ///
    /// For each pack, in order: write the trailer and `fsync`; rename it into `objects/pack/`;
    /// `fsync` the directory; write its index to `tmp/`, `fsync`, rename, `fsync` the directory.
    /// When this returns, every object is in an installed pack with an installed index.
    /// - Throws: `.io` on any failure; packs installed before the failure stay installed.
    public func commit() throws {
        _ = try commitReturningNames()
    }

    /// ``commit()``, returning the file names of the packs installed.
    func commitReturningNames() throws -> [String] {
        sealing.wait()
        return try lock.withLock {
            var names: [String] = []
            if let failure { throw failure }
            // The next batch starts as a small one.
            filledBytes = 0
            announcedBulk = false
            if let current {
                sealed.append(current)
                self.current = nil
            }
            guard !sealed.isEmpty else { return names }
            try FileSystem.createDirectory(database.packDirectory.path)
            while let pack = sealed.first {
                let installed = try pack.install(
                    packDirectory: database.packDirectory, temporaryDirectory: database.temporaryDirectory)
                let index = try PackIndex(path: installed.index)
                let name = URL(fileURLWithPath: installed.pack).lastPathComponent
                database.adopt(InstalledPack(name: name, path: installed.pack, index: index))
                names.append(name)
                pendingLock.withLock {
                    for entry in pack.entries { pending[ObjectKey(entry.id, entry.kind)] = nil }
                }
                sealed.removeFirst()
            }
            return names
        }
    }

    /// Discards every object put since the last commit and removes the temporary packs.
    public func abort() {
        sealing.wait()
        lock.withLock {
            current?.discard()
            current = nil
            for pack in sealed { pack.discard() }
            sealed.removeAll()
            pendingLock.withLock { pending.removeAll() }
            failure = nil
            filledBytes = 0
            announcedBulk = false
        }
    }

    /// Appends already-encoded bytes (repack copies stored bytes without re-encoding). Checks only
    /// this writer's pending objects, not the database.
    func append(id: ObjectID, kind: ObjectKind, codec: ChunkCodec, rawLength: Int, stored: [UInt8]) throws -> Bool {
        let (added, full) = try lock.withLock { () throws -> (Bool, PackWriter?) in
            if let failure { throw failure }
            let key = ObjectKey(id, kind)
            if pendingLock.withLock({ pending[key] != nil }) { return (false, nil) }
            do throws(StorageError) {
                let pack: PackWriter
                if let current {
                    pack = current
                } else {
                    pack = try PackWriter(temporaryDirectory: database.temporaryDirectory, bulk: isBulk)
                    current = pack
                }
                let entry = try pack.append(id: id, kind: kind, codec: codec, rawLength: rawLength, stored: stored)
                pendingLock.withLock { pending[key] = (pack, entry) }
                if pack.size >= UInt64(database.options.packSizeLimit) {
                    // Nothing appends to it any more; pending reads see only flushed bytes.
                    try pack.flushBuffer()
                    filledBytes += pack.size
                    current = nil
                    sealing.enter()
                    return (true, pack)
                }
            } catch  where error.code == .invalidArgument {
                throw error
            } catch {
                failure = error
                throw error
            }
            return (true, nil)
        }
        if let full { sealQueue.async { self.seal(full) } }
        return added
    }

    /// Seals a full pack on `sealQueue` and hands it to `sealed`, in the order packs filled; a
    /// failure poisons the batch, so the next `put` or `commit()` throws it.
    private func seal(_ pack: PackWriter) {
        defer { sealing.leave() }
        let outcome = Result { () throws(StorageError) in try pack.seal() }
        lock.withLock {
            sealed.append(pack)
            if case .failure(let error) = outcome { failure = error }
        }
    }

    /// The entry of a pending object, or nil.
    func pendingLocation(_ id: ObjectID, kind: ObjectKind) -> PackIndex.Entry? {
        pendingLock.withLock { pending[ObjectKey(id, kind)]?.entry }
    }

    /// The decoded bytes of a pending object, or nil when this writer does not hold it.
    func readPending(_ id: ObjectID, kind: ObjectKind) throws -> [UInt8]? {
        let (stored, entry, path): ([UInt8], PackIndex.Entry, String)
        do {
            guard
                let found = try lock.withLock({ () throws(StorageError) -> ([UInt8], PackIndex.Entry, String)? in
                    guard let slot = pendingLock.withLock({ pending[ObjectKey(id, kind)] }) else { return nil }
                    return (try slot.pack.readStored(slot.entry), slot.entry, slot.pack.temporaryPath)
                })
            else { return nil }
            (stored, entry, path) = found
        }
        return try PackReader.decodeVerified(stored, entry: entry, source: path)
    }

    /// The stored bytes of a pending object, or nil when this writer does not hold it.
    func readPendingStored(_ id: ObjectID, kind: ObjectKind) throws -> StoredObject? {
        try lock.withLock { () throws(StorageError) -> StoredObject? in
            guard let slot = pendingLock.withLock({ pending[ObjectKey(id, kind)] }) else { return nil }
            let bytes = try slot.pack.readStored(slot.entry)
            return StoredObject(
                id: id, kind: kind, codec: slot.entry.codec, rawLength: slot.entry.rawLength, bytes: bytes)
        }
    }
}
