import Foundation

/// Where an object lives and how it is stored.
public struct ObjectLocation: Sendable, Equatable {
    public var kind: ObjectKind
    public var codec: ChunkCodec
    public var rawLength: Int
    public var storedLength: Int
}

/// The object store of a repository: packs and their indexes under `objects/pack/`.
///
/// Thread-safe: lookups may run from any thread while one ``ObjectWriter`` appends.
/// PLACEHOLDER IMPLEMENTATION (one file per object) until packs land.
public final class ObjectDatabase: @unchecked Sendable {
    public struct Options: Sendable {
        /// A pack is closed and a new one started once it reaches this many bytes.
        public var packSizeLimit: Int = 64 * 1024 * 1024
        /// zlib level for new chunks.
        public var compressionLevel: Int32 = 1
        public init() {}
    }

    public let directory: URL
    public let options: Options

    /// Opens the object store in `directory` (`.mlv/objects`), creating nothing.
    public init(directory: URL, options: Options = Options()) throws {
        self.directory = directory
        self.options = options
    }

    private func path(_ id: ObjectID, _ kind: ObjectKind) -> URL {
        directory.appendingPathComponent("loose/\(kind)-\(id)")
    }

    /// Whether an object with this id and kind is stored.
    public func contains(_ id: ObjectID, kind: ObjectKind) -> Bool {
        FileManager.default.fileExists(atPath: path(id, kind).path)
    }

    /// The decoded bytes of an object; throws `.missingObject` or `.corrupt`.
    public func read(_ id: ObjectID, kind: ObjectKind) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(id, kind).path) else {
            throw StorageError(.missingObject, "\(kind) \(id) is missing")
        }
        return [UInt8](data)
    }

    /// Starts a batch of writes; objects become visible when the writer commits.
    public func makeWriter() throws -> ObjectWriter {
        ObjectWriter(database: self)
    }

    fileprivate func store(_ id: ObjectID, _ kind: ObjectKind, _ bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("loose"), withIntermediateDirectories: true)
        try Data(bytes).write(to: path(id, kind), options: .atomic)
    }
}

/// Appends objects to new packs; nothing is visible to readers until ``commit()``.
public final class ObjectWriter: @unchecked Sendable {
    private let database: ObjectDatabase

    init(database: ObjectDatabase) {
        self.database = database
    }

    /// Stores `raw` under `id` unless an object with that id and kind already exists.
    /// Returns true when the object was new.
    @discardableResult
    public func put(_ raw: [UInt8], id: ObjectID, kind: ObjectKind, hint: ContentHint = .generic) throws -> Bool {
        if database.contains(id, kind: kind) { return false }
        try database.store(id, kind, raw)
        return true
    }

    /// Stores a structured object (manifest, tree, commit, tag) and returns its id.
    @discardableResult
    public func put(_ body: [UInt8], kind: ObjectKind) throws -> ObjectID {
        let id = SHA256Hasher.hash(kind: kind, body: body)
        try put(body, id: id, kind: kind)
        return id
    }

    /// Makes every object put so far durable and visible.
    public func commit() throws {}

    /// Drops everything put since the last commit.
    public func abort() {}
}

extension ObjectDatabase {
    /// Ids of stored objects of `kind` that start with `prefix`, sorted.
    public func ids(matching prefix: ObjectIDPrefix, kind: ObjectKind) -> [ObjectID] {
        let loose = directory.appendingPathComponent("loose")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: loose.path)) ?? []
        return names.compactMap { name -> ObjectID? in
            guard name.hasPrefix("\(kind)-"), let id = ObjectID(hex: name.dropFirst("\(kind)-".count)) else { return nil }
            return prefix.matches(id) ? id : nil
        }.sorted()
    }
}
