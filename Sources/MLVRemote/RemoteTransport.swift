import Foundation
import MLVStorage

/// The refs a remote holds, as it lists them.
public struct RemoteRefs: Sendable, Equatable {
    /// Full ref names (`refs/heads/main`, `refs/tags/v1`) and the ids they point at.
    public var refs: [String: ObjectID]
    /// The full ref name the remote's HEAD points at (`refs/heads/main`), when it has one.
    public var head: String?

    public init(refs: [String: ObjectID] = [:], head: String? = nil) {
        self.refs = refs
        self.head = head
    }
}

/// A compare-and-swap update of one remote ref.
public struct RemoteRefUpdate: Sendable, Equatable {
    /// Full ref name, `refs/heads/...` or `refs/tags/...`.
    public var name: String
    /// The value the ref must have now; nil when it must not exist.
    public var expected: ObjectID?
    /// The value to set; nil deletes the ref.
    public var new: ObjectID?

    public init(name: String, expected: ObjectID?, new: ObjectID?) {
        self.name = name
        self.expected = expected
        self.new = new
    }
}

/// Bytes and objects moved so far, reported by transports while they work.
public struct TransferProgress: Sendable, Equatable {
    public var objects: Int
    public var bytes: Int

    public init(objects: Int = 0, bytes: Int = 0) {
        self.objects = objects
        self.bytes = bytes
    }
}

/// A pack stream in a temporary file (docs/FORMAT.md §7.1 layout, header to trailer), ready to
/// upload. The file belongs to the caller, who deletes it after the upload.
public struct PackStreamFile: Sendable {
    public var url: URL
    public var objectCount: Int
    public var byteCount: Int

    public init(url: URL, objectCount: Int, byteCount: Int) {
        self.url = url
        self.objectCount = objectCount
        self.byteCount = byteCount
    }
}

/// What one remote can do; the folder, HTTP and S3 transports implement it, and the negotiation
/// (push, fetch, clone) is written once on top of it (docs/PROTOCOL.md).
///
/// Every method is safe to call again after a failure: uploads install whole packs, so an
/// interrupted transfer resumes by asking ``lacking(_:)`` again.
public protocol RemoteTransport: Sendable {
    /// The remote's URL as the user wrote it, for messages.
    var location: String { get }

    /// Lists the remote's refs.
    func listRefs() async throws -> RemoteRefs

    /// Of `keys`, those the remote does not hold, in the order given. Callers send batches of up
    /// to a few thousand keys.
    func lacking(_ keys: [ObjectKey]) async throws -> [ObjectKey]

    /// Sends a pack stream; the remote verifies every object's hash and installs them, or rejects
    /// the stream as a whole. `progress` receives running totals of uploaded bytes.
    func upload(_ pack: PackStreamFile, progress: @escaping @Sendable (TransferProgress) -> Void) async throws

    /// Fetches the stored form of `keys` and hands each object to `receive` as it arrives (in any
    /// order; the receiver verifies hashes). Missing keys are an error naming the first one.
    func download(
        _ keys: [ObjectKey], receive: @escaping @Sendable (StoredObject) throws -> Void,
        progress: @escaping @Sendable (TransferProgress) -> Void
    ) async throws

    /// Applies one ref update if the ref still has `update.expected`; otherwise throws
    /// ``RemoteError`` with code `.staleRef` naming the ref and its current value. The remote
    /// refuses a new value whose objects it does not hold (code `.missingObjects`).
    func updateRef(_ update: RemoteRefUpdate) async throws
}
