import Foundation

/// An object as a pack stores it: the encoded bytes and what decoding them needs.
///
/// Transfers copy objects between repositories in this form, so that nothing is compressed twice:
/// the sender reads stored bytes (``ObjectDatabase/readStored(_:kind:)``), the receiver checks
/// them (``verified()``) and appends them as they are (``ObjectWriter/putStored(_:)``).
public struct StoredObject: Sendable, Equatable {
    public var id: ObjectID
    public var kind: ObjectKind
    public var codec: ChunkCodec
    /// Bytes after decoding.
    public var rawLength: Int
    /// The stored (encoded) bytes.
    public var bytes: [UInt8]

    public init(id: ObjectID, kind: ObjectKind, codec: ChunkCodec, rawLength: Int, bytes: [UInt8]) {
        self.id = id
        self.kind = kind
        self.codec = codec
        self.rawLength = rawLength
        self.bytes = bytes
    }

    public var key: ObjectKey { ObjectKey(id, kind) }

    /// Decodes the bytes and checks that they hash to ``id``; returns the raw bytes.
    ///
    /// - Parameter source: where the object came from, for messages (a remote's name or URL).
    /// - Throws: `.corrupt` naming the object and `source` when it does not decode, has the wrong
    ///   length, or hashes to another id.
    /// - Complexity: one decode and one SHA-256 of `rawLength` bytes.
    @discardableResult
    public func verified(source: String = "transfer") throws(StorageError) -> [UInt8] {
        let entry = PackIndex.Entry(
            id: id, kind: kind, codec: codec, offset: 0, storedLength: bytes.count, rawLength: rawLength)
        return try PackReader.decodeVerified(bytes, entry: entry, source: source)
    }
}

extension ObjectDatabase {
    /// The stored bytes of an object, without decoding them (the receiver of a transfer checks them).
    ///
    /// - Throws: `.missingObject` when neither a pack nor an open writer holds it; `.corrupt` when
    ///   its entry header disagrees with the index.
    /// - Complexity: O(p log n) to find, then one read of the stored bytes.
    public func readStored(_ id: ObjectID, kind: ObjectKind) throws -> StoredObject {
        for writer in openWriters() {
            if let object = try writer.readPendingStored(id, kind: kind) { return object }
        }
        for pack in installedPacks() {
            if let entry = try pack.index.lookup(id, kind: kind) {
                let bytes = try pack.reader().readStored(entry)
                return StoredObject(id: id, kind: kind, codec: entry.codec, rawLength: entry.rawLength, bytes: bytes)
            }
        }
        throw StorageError(.missingObject, "\(kind) \(id) is missing", hint: "run 'mlv fsck' to check the repository")
    }
}

extension ObjectWriter {
    /// Checks an object received from elsewhere and appends its stored bytes unchanged, unless an
    /// object with its id and kind is already stored or pending. Returns true when it was new.
    ///
    /// - Parameter source: where the object came from, for messages.
    /// - Throws: `.corrupt` when the object does not decode to bytes that hash to its id (nothing is
    ///   written); `.invalidArgument` for objects over 4 GiB; `.io` as ``put(_:id:kind:hint:)``.
    /// - Complexity: one decode and one SHA-256 of the raw bytes, outside the lock.
    @discardableResult
    public func putStored(_ object: StoredObject, source: String = "transfer") throws -> Bool {
        if database.contains(object.id, kind: object.kind) { return false }
        guard object.rawLength <= PackFormat.maxEntryLength, object.bytes.count <= PackFormat.maxEntryLength else {
            throw StorageError(
                .invalidArgument,
                "\(object.kind) \(object.id) has \(object.rawLength) bytes; an object holds at most 4 GiB")
        }
        try object.verified(source: source)
        return try append(
            id: object.id, kind: object.kind, codec: object.codec, rawLength: object.rawLength, stored: object.bytes)
    }
}
