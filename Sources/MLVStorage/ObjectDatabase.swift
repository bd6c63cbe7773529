import Foundation
import Synchronization

/// The key of a stored object: its id and kind (the same id may be stored with two kinds).
public struct ObjectKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var id: ObjectID
    public var kind: ObjectKind

    public init(_ id: ObjectID, _ kind: ObjectKind) {
        self.id = id
        self.kind = kind
    }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        lhs.id != rhs.id ? lhs.id < rhs.id : lhs.kind.rawValue < rhs.kind.rawValue
    }

    public var description: String { "\(kind) \(id)" }
}

/// Where an object lives and how it is stored.
public struct ObjectLocation: Sendable, Equatable {
    public var kind: ObjectKind
    public var codec: ChunkCodec
    public var rawLength: Int
    public var storedLength: Int
    /// The pack's file name (`pack-<hex>.pack`), or nil while the object is pending in an open
    /// ``ObjectWriter``.
    public var pack: String?
    /// The offset of the object's entry header in its pack.
    public var offset: UInt64
}

/// The object store of a repository: packs and their indexes under `objects/pack/`
/// (docs/FORMAT.md §7).
///
/// Readers see the packs that were installed when the database was opened or last
/// ``reload()``ed, plus packs committed through this instance's writers, plus objects pending in
/// this instance's open writers. Lookups search pending objects, then each pack index, newest
/// first; an index lookup costs O(log n) and opening reads no records.
///
/// Thread-safety: `@unchecked Sendable`. `lock` guards `packs` and `writers`, and is never held
/// while calling into an ``ObjectWriter`` (whose own lock may be held while it calls
/// ``adopt(_:)``), so the lock order is always writer → database. Everything else is immutable
/// or itself thread-safe (``PackIndex`` is a value; pack readers use `pread`).
public final class ObjectDatabase: @unchecked Sendable {
    public struct Options: Sendable {
        /// A pack is sealed and a new one started once it reaches this many bytes.
        public var packSizeLimit: Int = 64 * 1024 * 1024
        /// zlib level for new chunks.
        public var compressionLevel: Int32 = 1
        /// A writer that has filled this many bytes of packs, or was told its batch is at least
        /// twice this size (``ObjectWriter/expect(rawBytes:)``), is doing a bulk write: it writes
        /// each further pack with direct I/O and drops it from the page cache once durable
        /// (``ObjectWriter``).
        public var bulkWriteBytes: UInt64 = 256 << 20
        /// When true, an index that fails to open is skipped (and reported by ``verify(progress:)``)
        /// instead of failing ``init(directory:options:)``. fsck sets it.
        public var skipsDamagedIndexes: Bool = false
        public init() {}
    }

    /// `.mlv/objects`.
    public let directory: URL
    public let options: Options
    /// `.mlv/objects/pack`: installed packs and indexes.
    public let packDirectory: URL
    /// `.mlv/tmp`: packs being written; same file system as `packDirectory`.
    public let temporaryDirectory: URL

    private let lock = NSLock()
    /// The position (in `packs`) of the pack that held the last object found: asked first, since
    /// a file's chunks mostly sit in one pack, and a checkout of an old version otherwise probes
    /// every newer pack first for each of them.
    private let lastHit = Atomic<Int>(0)
    /// Installed packs, newest first.
    private var packs: [InstalledPack] = []
    private var writers: [ObjectIdentifier: WeakWriter] = [:]

    /// Opens the object store in `directory` (`.mlv/objects`) and maps every pack index.
    ///
    /// Creates nothing; a missing `pack/` directory is an empty store. An index without its pack
    /// is skipped; a pack without an index is ignored (garbage that ``repack(keeping:dryRun:garbageAge:)``
    /// removes).
    /// - Throws: `.corrupt` or `.unsupportedVersion` for an index that cannot be opened (unless
    ///   `options.skipsDamagedIndexes`), `.io` when the directory cannot be listed.
    /// - Complexity: O(number of packs); no index records are read.
    public init(directory: URL, options: Options = Options()) throws {
        self.directory = directory
        self.options = options
        packDirectory = directory.appendingPathComponent("pack")
        temporaryDirectory = directory.deletingLastPathComponent().appendingPathComponent("tmp")
        try reload()
    }

    /// Rescans `objects/pack/` to pick up packs installed (or removed) by other processes.
    public func reload() throws {
        let current = lock.withLock { packs }
        var byName: [String: InstalledPack] = [:]
        for pack in current { byName[pack.name] = pack }
        var found: [(pack: InstalledPack, modified: Date)] = []
        for name in try listPackDirectory() where name.hasSuffix(".\(PackIndexFormat.fileExtension)") {
            guard let checksum = PackFormat.checksum(fromFileName: name) else { continue }
            let packName = PackFormat.fileName(checksum: checksum)
            let packPath = packDirectory.appendingPathComponent(packName).path
            let indexPath = packDirectory.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: packPath) else { continue }
            let modified = FileSystem.sizeAndModified(indexPath)?.modified ?? Date.distantPast
            if let existing = byName[packName] {
                found.append((existing, modified))
                continue
            }
            do {
                let index = try PackIndex(path: indexPath)
                guard index.packChecksum == checksum else {
                    throw StorageError(
                        .corrupt, "pack index '\(indexPath)' describes pack \(index.packChecksum), not \(checksum)")
                }
                found.append((InstalledPack(name: packName, path: packPath, index: index), modified))
            } catch {
                // Skipped indexes are reported by verify(progress:), which rescans from scratch.
                guard options.skipsDamagedIndexes else { throw error }
            }
        }
        found.sort { $0.modified != $1.modified ? $0.modified > $1.modified : $0.pack.name < $1.pack.name }
        lock.withLock { packs = found.map(\.pack) }
    }

    /// Whether an object with this id and kind is stored or pending in an open writer.
    /// - Complexity: O(p log n) for p packs of n objects each.
    public func contains(_ id: ObjectID, kind: ObjectKind) -> Bool {
        // Pending first: a writer installs its packs here before it forgets its pending objects.
        for writer in openWriters() where writer.pendingLocation(id, kind: kind) != nil { return true }
        return containsInstalled(id, kind: kind)
    }

    /// Whether an installed pack holds the object (pending objects excluded).
    func containsInstalled(_ id: ObjectID, kind: ObjectKind) -> Bool {
        probePacks { $0.index.contains(id, kind: kind) ? true : nil } ?? false
    }

    /// The first non-nil `body(pack)` over the installed packs, asking the pack that answered
    /// last time first.
    private func probePacks<T>(_ body: (InstalledPack) throws -> T?) rethrows -> T? {
        let packs = installedPacks()
        let hint = lastHit.load(ordering: .relaxed)
        if hint < packs.count, let found = try body(packs[hint]) { return found }
        for (position, pack) in packs.enumerated() where position != hint {
            if let found = try body(pack) {
                lastHit.store(position, ordering: .relaxed)
                return found
            }
        }
        return nil
    }

    /// The decoded bytes of an object, checked against its id.
    ///
    /// - Throws: `.missingObject` when no pack or open writer holds it; `.corrupt` naming the
    ///   object and pack when its entry is out of bounds, does not decode, or hashes to another id.
    /// - Complexity: O(p log n) to find, then one read, a decode and a SHA-256 of the object.
    public func read(_ id: ObjectID, kind: ObjectKind) throws -> [UInt8] {
        for writer in openWriters() {
            if let raw = try writer.readPending(id, kind: kind) { return raw }
        }
        if let raw = try readInstalled(id, kind: kind) { return raw }
        // Another process may have rewritten packs since they were listed (gc, consolidation):
        // the object lives on in a pack this instance has not mapped yet (docs/FORMAT.md §7).
        try reload()
        if let raw = try readInstalled(id, kind: kind) { return raw }
        throw StorageError(.missingObject, "\(kind) \(id) is missing", hint: "run 'mlv fsck' to check the repository")
    }

    /// The object from the first installed pack that lists it; nil when none does or when the
    /// pack listing it has been deleted since (the caller reloads and asks again).
    private func readInstalled(_ id: ObjectID, kind: ObjectKind) throws -> [UInt8]? {
        guard let (pack, entry) = try probePacks({ pack in try pack.index.lookup(id, kind: kind).map { (pack, $0) } })
        else { return nil }
        guard let reader = try pack.readerIfPresent() else { return nil }
        return try reader.readObject(entry)
    }

    /// Where an object is stored, or nil when it is not.
    /// - Complexity: O(p log n).
    public func location(of id: ObjectID, kind: ObjectKind) -> ObjectLocation? {
        for writer in openWriters() {
            if let entry = writer.pendingLocation(id, kind: kind) { return ObjectLocation(entry, pack: nil) }
        }
        return probePacks { pack in
            (try? pack.index.lookup(id, kind: kind)).flatMap { $0 }.map { ObjectLocation($0, pack: pack.name) }
        }
    }

    /// Starts a batch of writes; objects become visible to other processes when the writer commits,
    /// and to this instance as soon as they are put. Creates `.mlv/tmp` if missing.
    public func makeWriter() throws -> ObjectWriter {
        try FileSystem.createDirectory(temporaryDirectory.path)
        let writer = ObjectWriter(database: self)
        lock.withLock { writers[ObjectIdentifier(writer)] = WeakWriter(writer: writer) }
        return writer
    }

    /// The file names of the installed packs, newest first.
    public var packNames: [String] { installedPacks().map(\.name) }

    /// The number of objects in installed packs; an object stored in two packs counts twice.
    public var installedObjectCount: Int { installedPacks().reduce(0) { $0 + $1.index.count } }

    /// Calls `body` with every (id, kind) in the installed packs, pack by pack (newest first) and
    /// in (id, kind) order within a pack. An object stored in more than one pack is seen once per
    /// pack. Pending objects are not included.
    /// - Throws: `.corrupt` for an index record with an unknown kind, or what `body` throws.
    /// - Complexity: O(total records).
    public func forEachObject(_ body: (ObjectID, ObjectKind) throws -> Void) throws {
        for pack in installedPacks() {
            for record in 0..<pack.index.count {
                let entry = try pack.index.entry(at: record)
                try body(entry.id, entry.kind)
            }
        }
    }

    // MARK: - Internal

    func installedPacks() -> [InstalledPack] { lock.withLock { packs } }

    /// Makes a pack just installed by a writer visible, as the newest.
    func adopt(_ pack: InstalledPack) {
        lock.withLock {
            packs.removeAll { $0.name == pack.name }
            packs.insert(pack, at: 0)
        }
    }

    /// Forgets installed packs by name (after repack deleted them).
    func forget(_ names: Set<String>) {
        lock.withLock { packs.removeAll { names.contains($0.name) } }
    }

    func unregister(_ writer: ObjectIdentifier) {
        lock.withLock { _ = writers.removeValue(forKey: writer) }
    }

    func openWriters() -> [ObjectWriter] {
        lock.withLock { writers.values.compactMap(\.writer) }
    }

    func listPackDirectory() throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: packDirectory.path).sorted()
        } catch CocoaError.fileReadNoSuchFile {
            return []
        } catch {
            if !FileManager.default.fileExists(atPath: packDirectory.path) { return [] }
            throw StorageError(.io, "cannot list '\(packDirectory.path)'", underlying: error)
        }
    }
}

/// A pack in `objects/pack/` with its mapped index; the pack file is opened on first read.
final class InstalledPack: @unchecked Sendable {
    // Safety: `lock` guards `cachedReader`; everything else is immutable.
    let name: String
    let path: String
    let index: PackIndex
    private let lock = NSLock()
    private var cachedReader: PackReader?

    init(name: String, path: String, index: PackIndex) {
        self.name = name
        self.path = path
        self.index = index
    }

    /// The pack's reader, opening (and header-checking) the file on first use.
    func reader() throws(StorageError) -> PackReader {
        lock.lock()
        defer { lock.unlock() }
        if let cachedReader { return cachedReader }
        let reader = try PackReader(path: path)
        cachedReader = reader
        return reader
    }

    /// The pack's reader, or nil when the pack file has been deleted since it was listed.
    func readerIfPresent() throws(StorageError) -> PackReader? {
        do {
            return try reader()
        } catch {
            if FileManager.default.fileExists(atPath: path) { throw error }
            return nil
        }
    }
}

private struct WeakWriter {
    weak var writer: ObjectWriter?
}

extension ObjectLocation {
    init(_ entry: PackIndex.Entry, pack: String?) {
        self.init(
            kind: entry.kind, codec: entry.codec, rawLength: entry.rawLength, storedLength: entry.storedLength,
            pack: pack, offset: entry.offset)
    }
}

extension ObjectDatabase {
    /// Ids of stored objects of `kind` that start with `prefix`, sorted.
    /// - Complexity: O(packs · log n) plus the matches; pending (uncommitted) objects are not searched.
    public func ids(matching prefix: ObjectIDPrefix, kind: ObjectKind) -> [ObjectID] {
        var found: Set<ObjectID> = []
        for pack in installedPacks() { found.formUnion(pack.index.ids(matching: prefix, kind: kind)) }
        return found.sorted()
    }
}
