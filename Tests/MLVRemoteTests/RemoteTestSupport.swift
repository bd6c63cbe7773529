import Foundation
import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage
import MLVTestSupport
import Synchronization
import Testing

/// A bare repository in a temporary folder, the usual target of pushes.
final class BareRemote: Sendable {
    let directory: TempDirectory
    let repository: Repository

    init() throws {
        directory = try TempDirectory(prefix: "remote")
        var options = InitOptions()
        options.bare = true
        repository = try Repository.initialize(at: directory.url, options: options).repository
    }

    var url: String { directory.url.path }

    func transport() throws -> FolderTransport { try FolderTransport(root: directory.url) }

    /// The remote's ref value, read from disk.
    func ref(_ name: String) throws -> ObjectID? {
        guard let ref = RefName(name) else { throw TestSupportError("bad ref \(name)") }
        return try Repository(root: directory.url).refs.resolve(ref).id
    }

    func fsckProblems() throws -> [String] { try Repository(root: directory.url).fsck().problems }
}

extension TempRepository {
    /// Adds `url` as the remote `origin` and returns it.
    @discardableResult
    func addOrigin(_ url: String) throws -> Remote {
        let remote = Remote(name: "origin", url: url)
        try repository.addRemote(remote, relativeTo: root)
        return try reopened().remote(named: "origin")
    }

    /// Pushes `branches` (the current one when empty) to origin over the folder transport.
    @discardableResult
    func push(
        to transport: any RemoteTransport, branches: [String] = [], force: Bool = false,
        configure: (inout PushOptions) -> Void = { _ in }
    ) async throws -> PushResult {
        let repository = try reopened()
        var options = PushOptions()
        options.branches = branches
        options.force = force
        configure(&options)
        return try await repository.push(
            to: try repository.remote(named: "origin"), transport: transport, options: options)
    }
}

/// A real folder transport with an injected failure point: uploads (or downloads) after the
/// first `limit` throw `.unreachable`, as a dropped connection would. It also counts what moved.
final class InterruptedTransport: RemoteTransport {
    let base: any RemoteTransport
    let uploadLimit: Int
    let downloadLimit: Int
    private let counts = Mutex((uploads: 0, downloads: 0, bytes: 0))

    init(_ base: any RemoteTransport, uploadLimit: Int = .max, downloadLimit: Int = .max) {
        self.base = base
        self.uploadLimit = uploadLimit
        self.downloadLimit = downloadLimit
    }

    var location: String { base.location }
    var uploads: Int { counts.withLock { $0.uploads } }
    var downloads: Int { counts.withLock { $0.downloads } }

    func listRefs() async throws -> RemoteRefs { try await base.listRefs() }
    func lacking(_ keys: [ObjectKey]) async throws -> [ObjectKey] { try await base.lacking(keys) }

    func upload(_ pack: PackStreamFile, progress: @escaping @Sendable (TransferProgress) -> Void) async throws {
        let allowed = counts.withLock { counts in
            counts.uploads += 1
            return counts.uploads <= uploadLimit
        }
        guard allowed else { throw RemoteError(.unreachable, "injected: connection dropped during upload") }
        try await base.upload(pack, progress: progress)
    }

    func download(
        _ keys: [ObjectKey], receive: @escaping @Sendable (StoredObject) throws -> Void,
        progress: @escaping @Sendable (TransferProgress) -> Void
    ) async throws {
        let allowed = counts.withLock { counts in
            counts.downloads += 1
            return counts.downloads <= downloadLimit
        }
        guard allowed else { throw RemoteError(.unreachable, "injected: connection dropped during download") }
        try await base.download(keys, receive: receive, progress: progress)
    }

    func updateRef(_ update: RemoteRefUpdate) async throws { try await base.updateRef(update) }
}

/// Seeded incompressible bytes.
func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var generator = SplitMix64(seed: seed)
    return generator.bytes(count)
}
