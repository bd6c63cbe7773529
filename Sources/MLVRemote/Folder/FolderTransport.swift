import Foundation
import MLVRepository
import MLVStorage

/// A remote that is another mlv repository on this machine (`/path`, `file:///path`).
///
/// Objects arrive through the remote's own ``ObjectWriter`` (hash checked, one commit per
/// uploaded pack stream), refs move through its ``RefStore`` compare-and-swap, so several
/// processes may push to one folder at once (docs/PROTOCOL.md §4).
public struct FolderTransport: RemoteTransport {
    public let location: String
    /// The remote repository.
    let repository: Repository
    /// Bytes read from a pack stream file per step of an upload.
    static let blockSize = 1 << 20

    /// Opens the repository at `root`.
    ///
    /// - Throws: `.badRemote` when `root` holds no mlv repository.
    public init(root: URL, location: String? = nil) throws {
        self.location = location ?? root.path
        do {
            repository = try Repository(root: root)
        } catch let error as RepositoryError where error.code == .notARepository {
            throw RemoteError(
                .badRemote, "'\(self.location)' does not appear to be an mlv repository",
                hint: "create one there with 'mlv init --bare \(root.path)'", underlying: error)
        }
    }

    public func listRefs() async throws -> RemoteRefs {
        try folderIO {
            var refs: [String: ObjectID] = [:]
            for prefix in [RefName.headsPrefix, RefName.tagsPrefix] {
                for ref in try repository.refs.list(prefix: prefix) { refs[ref.name.rawValue] = ref.id }
            }
            var head: String?
            if case .symbolic(let target) = try repository.refs.read(.head) { head = target.rawValue }
            return RemoteRefs(refs: refs, head: head)
        }
    }

    public func lacking(_ keys: [ObjectKey]) async throws -> [ObjectKey] {
        try folderIO {
            try repository.objects.reload()
            return keys.filter { !repository.objects.contains($0.id, kind: $0.kind) }
        }
    }

    public func upload(_ pack: PackStreamFile, progress: @escaping @Sendable (TransferProgress) -> Void) async throws {
        try folderIO {
            guard let input = FileHandle(forReadingAtPath: pack.url.path) else {
                throw RemoteError(.invalidArgument, "cannot read pack stream '\(pack.url.path)'")
            }
            defer { try? input.close() }
            let writer = try repository.objects.makeWriter()
            var decoder = PackStreamDecoder(source: pack.url.lastPathComponent)
            var moved = TransferProgress()
            do {
                while let block = try input.read(upToCount: FolderTransport.blockSize), !block.isEmpty {
                    for object in try decoder.feed(block) {
                        try writer.putStored(object, source: "push")
                        moved.objects += 1
                    }
                    moved.bytes += block.count
                    progress(moved)
                }
                try decoder.finish()
                try writer.commit()
            } catch {
                writer.abort()
                throw error
            }
        }
    }

    public func download(
        _ keys: [ObjectKey], receive: @escaping @Sendable (StoredObject) throws -> Void,
        progress: @escaping @Sendable (TransferProgress) -> Void
    ) async throws {
        try folderIO {
            try repository.objects.reload()
            var moved = TransferProgress()
            for key in keys {
                let object: StoredObject
                do {
                    object = try repository.objects.readStored(key.id, kind: key.kind)
                } catch let error as StorageError where error.code == .missingObject {
                    throw RemoteError(.missingObjects, "\(location) lacks \(key)", underlying: error)
                }
                try receive(object)
                moved.objects += 1
                moved.bytes += object.bytes.count + TransferMonitor.entryHeaderSize
                progress(moved)
            }
        }
    }

    public func updateRef(_ update: RemoteRefUpdate) async throws {
        guard let ref = RefName(update.name), ref.isBranch || ref.isTag else {
            throw RemoteError(.invalidArgument, "'\(update.name)' is not a branch or tag ref")
        }
        try folderIO {
            if !repository.isBare, case .symbolic(let checkedOut) = try repository.refs.read(.head), checkedOut == ref {
                throw RemoteError(
                    .invalidArgument,
                    "refusing to update checked out branch '\(ref)' of non-bare repository \(location)",
                    hint: "push to a bare repository ('mlv init --bare') or switch the remote to another branch")
            }
            try repository.objects.reload()
            if let new = update.new {
                var check = ClosureCheck(repository: repository)
                if let missing = try check.firstMissing(from: new, stoppingAt: update.expected) {
                    throw RemoteError(
                        .missingObjects, "\(location) lacks \(missing), needed by \(update.name) -> \(new.abbreviated)",
                        hint: "push again: the objects were not all uploaded")
                }
            }
            let expectation: RefExpectation = update.expected.map { .value($0) } ?? .absent
            do {
                try FolderTransport.waitingForLock {
                    if let new = update.new {
                        try repository.refs.update(
                            ref, to: new, expecting: expectation,
                            log: .remote("push: \(update.expected == nil ? "created" : "updated")"))
                    } else {
                        try repository.refs.delete(ref, expecting: expectation)
                    }
                }
            } catch let error as RepositoryError where error.code == .refConflict {
                let current = try repository.refs.resolve(ref).id
                throw RemoteError(
                    .staleRef,
                    "\(update.name) on \(location) is at \(current?.abbreviated ?? "nothing"), "
                        + "expected \(update.expected?.abbreviated ?? "nothing")",
                    hint: "fetch, integrate the remote changes, then push again", underlying: error)
            }
        }
    }

    /// Runs `body` again while another process holds the ref's lock (it holds it for one write and
    /// rename), for up to about two seconds; the compare-and-swap inside decides the race.
    static func waitingForLock(_ body: () throws -> Void) throws {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as StorageError where error.code == .locked && attempt < 200 {
                attempt += 1
                usleep(10_000)
            }
        }
    }

    /// Runs file work, turning I/O failures into `.unreachable` and keeping remote errors as they are.
    private func folderIO<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RemoteError {
            throw error
        } catch let error as StorageError where error.code == .corrupt {
            throw RemoteError(.protocolViolation, "\(location): \(error.message)", underlying: error)
        } catch let error as StorageError where error.code == .io {
            throw RemoteError(.unreachable, "\(location): \(error.message)", underlying: error)
        }
    }
}
