import Foundation
import MLVObjects
import MLVRemote
import MLVRepository
import MLVServer
import MLVStorage
import MLVTestSupport
import Testing

/// A root folder of repositories for a server, with helpers to fill them.
final class ServerRoot: Sendable {
    let directory: TempDirectory

    init() throws {
        directory = try TempDirectory(prefix: "serve")
    }

    var url: URL { directory.url }

    /// `mlv init --bare <root>/<name>` (without `--bare` when `bare` is false).
    @discardableResult
    func makeRepository(_ name: String, bare: Bool = true) throws -> Repository {
        let url = directory.appending(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        var options = InitOptions()
        options.initialBranch = "main"
        options.bare = bare
        return try Repository.initialize(at: url, options: options).repository
    }

    func open(_ name: String) throws -> Repository {
        try Repository(root: directory.appending(name))
    }
}

/// A `RemoteServer` running in this process on 127.0.0.1 with a free port, until ``stop()``.
final class InProcessServer: Sendable {
    let task: Task<Void, any Error>
    let port: Int

    init(root: URL, tokens: AccessTokens? = nil, service: RemoteService.Options = RemoteService.Options()) async throws
    {
        var options = RemoteServer.Options(root: root)
        options.port = 0
        options.tokens = tokens
        options.service = service
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = RemoteServer(options: options)
        task = Task {
            try await server.run(handlesSignals: false) { _, port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestSupportError("server did not start") }
        self.port = port
    }

    /// The URL of the repository `name`.
    func url(_ name: String) -> URL {
        // swift-format-ignore: NeverForceUnwrap
        // A fixed scheme, host and port with a plain name always parse.
        URL(string: "http://127.0.0.1:\(port)/\(name)")!
    }

    func transport(_ name: String, token: String? = nil) -> HTTPTransport {
        HTTPTransport(url: url(name), token: token)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// Test data: commits in a scratch repository, and pack streams of its objects.
struct SourceRepository {
    let temp: TempRepository

    init() throws {
        temp = try TempRepository()
    }

    var repository: Repository { temp.repository }

    /// Commits `files` (path → seed of random bytes, `size` bytes each) and returns the commit.
    @discardableResult
    func commit(_ files: [String: UInt64], size: Int = 40_000, message: String = "data") throws -> ObjectID {
        for (path, seed) in files.sorted(by: { $0.key < $1.key }) {
            var rng = SplitMix64(seed: seed)
            try temp.write(path, rng.bytes(size))
        }
        try temp.add()
        return try temp.commit(message).id
    }

    /// Every object key the repository holds, sorted.
    func allKeys() throws -> [ObjectKey] {
        var keys: [ObjectKey] = []
        try repository.objects.forEachObject { id, kind in keys.append(ObjectKey(id, kind)) }
        return keys.sorted()
    }

    /// A pack stream file of `keys` in `directory`.
    func packFile(_ keys: [ObjectKey], in directory: URL) throws -> PackStreamFile {
        var encoder = PackStreamEncoder()
        var bytes = encoder.header()
        for key in keys { bytes += encoder.entry(try repository.objects.readStored(key.id, kind: key.kind)) }
        bytes += encoder.trailer()
        let url = directory.appendingPathComponent("upload-\(UUID().uuidString).pack")
        try Data(bytes).write(to: url)
        return PackStreamFile(url: url, objectCount: keys.count, byteCount: bytes.count)
    }
}

/// Objects received by a download, collected across threads.
final class ReceivedObjects: @unchecked Sendable {
    private let lock = NSLock()
    private var objects: [StoredObject] = []

    func add(_ object: StoredObject) throws {
        try object.verified()
        lock.withLock { objects.append(object) }
    }

    var keys: [ObjectKey] { lock.withLock { objects.map(\.key).sorted() } }
}

/// Pieces of a request body, as an async sequence (what Hummingbird hands the service).
struct Pieces: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let pieces: [[UInt8]]

    init(_ bytes: [UInt8], pieceSize: Int = 7_000) {
        var pieces: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            pieces.append(Array(bytes[start..<Swift.min(bytes.count, start + pieceSize)]))
            start += pieceSize
        }
        self.pieces = pieces
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<[UInt8]>
        mutating func next() async throws -> [UInt8]? { remaining.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: pieces[...]) }
}
