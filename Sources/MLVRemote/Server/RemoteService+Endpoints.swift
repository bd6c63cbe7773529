import Foundation
import MLVObjects
import MLVRepository
import MLVStorage

extension RemoteService {
    /// `GET refs`: branches, tags, HEAD and the protocol version, as JSON.
    func listRefs(_ repository: Repository) throws -> ServiceResponse {
        var refs: [String: String] = [:]
        for prefix in [RefName.headsPrefix, RefName.tagsPrefix] {
            for (name, id) in try repository.refs.list(prefix: prefix) { refs[name.rawValue] = id.description }
        }
        var head: String?
        if case .symbolic(let target) = try repository.refs.read(.head) { head = target.rawValue }
        let document = HTTPProtocol.RefsDocument(protocol: HTTPProtocol.version, head: head, refs: refs)
        return ServiceResponse(status: 200, body: .bytes(HTTPProtocol.json(document)))
    }

    /// `POST lacking`: of the keys in the body, those the repository does not hold, in order.
    func lacking<Body: AsyncSequence>(
        _ repository: Repository, request: ServiceRequest, body: Body
    ) async throws -> ServiceResponse where Body.Element == [UInt8] {
        let keys = try await readKeys(body, request: request)
        let missing = keys.filter { !repository.objects.contains($0.id, kind: $0.kind) }
        return ServiceResponse(
            status: 200, headers: ["Content-Type": "application/octet-stream"],
            body: .bytes(HTTPProtocol.encode(missing)))
    }

    /// `POST objects`: a pack stream of the keys in the body, written as it is read from packs.
    func objects<Body: AsyncSequence>(
        _ repository: Repository, request: ServiceRequest, body: Body
    ) async throws -> ServiceResponse where Body.Element == [UInt8] {
        let keys = try await readKeys(body, request: request)
        // Checked before the 200 goes out: a missing object cannot be reported mid-stream.
        if let missing = keys.first(where: { !repository.objects.contains($0.id, kind: $0.kind) }) {
            throw ServiceFailure(404, .missingObjects, "\(missing) is not in this repository")
        }
        let chunkSize = options.responseChunkSize
        return ServiceResponse(
            status: 200, headers: ["Content-Type": "application/x-mlv-pack"],
            body: .stream { writer in
                var encoder = PackStreamEncoder()
                var buffer = encoder.header()
                for key in keys {
                    buffer += encoder.entry(try repository.objects.readStored(key.id, kind: key.kind))
                    if buffer.count >= chunkSize {
                        try await writer.write(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                buffer += encoder.trailer()
                try await writer.write(buffer)
            })
    }

    /// Reads an N × 33-byte key list body.
    private func readKeys<Body: AsyncSequence>(
        _ body: Body, request: ServiceRequest
    ) async throws -> [ObjectKey] where Body.Element == [UInt8] {
        let bytes = try await collect(
            body, request: request, limit: options.maxKeysPerRequest * HTTPProtocol.keySize, what: "key list")
        guard let keys = HTTPProtocol.decodeKeys(bytes) else {
            throw ServiceFailure(
                400, .protocolViolation,
                "key list of \(bytes.count) bytes is not a list of 33-byte keys (kind byte, 32-byte id)")
        }
        return keys
    }

    /// `POST packs`: decodes the pack stream as it arrives, verifies every object and installs
    /// them; commits every ``Options/commitInterval`` bytes and at the end.
    func receivePack<Body: AsyncSequence>(
        _ repository: Repository, request: ServiceRequest, body: Body
    ) async throws -> ServiceResponse where Body.Element == [UInt8] {
        if let length = request.contentLength, length > options.maxPackBytes {
            throw ServiceFailure(
                413, .invalidArgument, "pack of \(length) bytes exceeds the limit of \(options.maxPackBytes)")
        }
        let source = "upload to '\(repository.layout.root.lastPathComponent)'"
        var decoder = PackStreamDecoder(source: source, maxStoredLength: options.maxObjectBytes)
        let writer = try repository.objects.makeWriter()
        var batch = PackBatch(writer: writer, source: source)
        var sinceCommit = 0
        do {
            for try await piece in body {
                guard decoder.byteCount + piece.count <= options.maxPackBytes else {
                    throw ServiceFailure(
                        413, .invalidArgument, "pack stream exceeds the limit of \(options.maxPackBytes) bytes")
                }
                let objects: [StoredObject]
                do {
                    objects = try decoder.feed(piece)
                } catch {
                    if let length = decoder.oversizedEntryLength {
                        throw ServiceFailure(
                            413, .invalidArgument,
                            "pack stream holds an object of \(length) bytes; the limit is \(options.maxObjectBytes)")
                    }
                    throw ServiceFailure(400, .protocolViolation, error.message)
                }
                for object in objects {
                    sinceCommit += object.bytes.count
                    try batch.add(object)
                }
                if sinceCommit >= options.commitInterval {
                    try batch.flush()
                    try writer.commit()
                    sinceCommit = 0
                }
            }
            do {
                try decoder.finish()
            } catch {
                throw ServiceFailure(400, .protocolViolation, error.message)
            }
            try batch.flush()
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
        let document = HTTPProtocol.UploadDocument(objects: decoder.objectCount, added: batch.added)
        return ServiceResponse(status: 200, body: .bytes(HTTPProtocol.json(document)))
    }

    /// `POST refs`: a compare-and-swap update; refuses a new value whose objects are missing.
    func updateRef<Body: AsyncSequence>(
        _ repository: Repository, request: ServiceRequest, body: Body
    ) async throws -> ServiceResponse where Body.Element == [UInt8] {
        let bytes = try await collect(body, request: request, limit: options.maxJSONBytes, what: "ref update")
        guard let document = try? JSONDecoder().decode(HTTPProtocol.RefUpdateDocument.self, from: Data(bytes)) else {
            throw ServiceFailure(400, .protocolViolation, "ref update is not a JSON object {name, expected, new}")
        }
        guard let ref = RefName(document.name), ref.isBranch || ref.isTag else {
            throw ServiceFailure(400, .invalidArgument, "'\(document.name)' is not a branch or tag name")
        }
        func id(_ hex: String?, _ field: String) throws(ServiceFailure) -> ObjectID? {
            guard let hex else { return nil }
            guard let id = ObjectID(hex: hex) else {
                throw ServiceFailure(400, .invalidArgument, "'\(field)' of the ref update is not an object id")
            }
            return id
        }
        let expected = try id(document.expected, "expected")
        let new = try id(document.new, "new")
        if !repository.isBare, case .symbolic(let checkedOut) = try repository.refs.read(.head), checkedOut == ref {
            throw ServiceFailure(
                400, .invalidArgument, "refusing to update checked out branch '\(ref)' of a non-bare repository")
        }
        let current = try? currentValue(ref, in: repository)
        var closure = ClosureCheck(repository: repository)
        if let new, let missing = try closure.firstMissing(from: new, stoppingAt: current) {
            throw ServiceFailure(
                422, .missingObjects, "cannot set '\(ref)' to \(new.abbreviated): \(missing) is missing on the server")
        }
        let expectation: RefExpectation = expected.map { .value($0) } ?? .absent
        do {
            // Another client may hold the ref's lock for one write; the compare-and-swap decides.
            try FolderTransport.waitingForLock {
                if let new {
                    let verb = expected == nil ? "created" : "updated"
                    try repository.refs.update(ref, to: new, expecting: expectation, log: .remote("push: \(verb)"))
                } else {
                    try repository.refs.delete(ref, expecting: expectation)
                }
            }
        } catch let error as RepositoryError where error.code == .refConflict {
            let now = try? currentValue(ref, in: repository)
            throw ServiceFailure(
                409, .staleRef,
                "\(ref) is at \(now?.abbreviated ?? "nothing"), expected \(expected?.abbreviated ?? "nothing")",
                current: now?.description)
        }
        return ServiceResponse(status: 200, body: .bytes(Array("{}".utf8)))
    }

    private func currentValue(_ ref: RefName, in repository: Repository) throws -> ObjectID? {
        if case .direct(let id) = try repository.refs.read(ref) { return id }
        return nil
    }
}

/// Received objects waiting to be verified and appended, verified on all cores at once.
struct PackBatch {
    let writer: ObjectWriter
    let source: String
    private var pending: [StoredObject] = []
    private var pendingBytes = 0
    /// Objects that were new to the repository.
    private(set) var added = 0

    init(writer: ObjectWriter, source: String) {
        self.writer = writer
        self.source = source
    }

    mutating func add(_ object: StoredObject) throws {
        pending.append(object)
        pendingBytes += object.bytes.count
        if pendingBytes >= 4 << 20 || pending.count >= 256 { try flush() }
    }

    /// Verifies and appends every pending object (``ObjectWriter/putStored(_:source:)`` is
    /// thread-safe and decodes outside its lock).
    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        let objects = pending
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
        let results = BatchResults(count: objects.count)
        let writer = writer
        let source = source
        let workers = min(objects.count, Cores.available)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: objects.count, by: workers) {
                do {
                    let isNew = try writer.putStored(objects[index], source: source)
                    results.record(index, isNew ? .added : .present)
                } catch {
                    results.record(index, .failed(error))
                }
            }
        }
        for outcome in results.outcomes {
            switch outcome {
            case .added: added += 1
            case .present: break
            case .failed(let error):
                if let error = error as? StorageError, error.code == .corrupt {
                    throw ServiceFailure(422, .invalidArgument, error.message)
                }
                throw error
            }
        }
    }
}

/// Per-object outcomes of a parallel flush, guarded by a lock.
final class BatchResults: @unchecked Sendable {
    enum Outcome {
        case added
        case present
        case failed(any Error)
    }

    private let lock = NSLock()
    private var storage: [Outcome]

    init(count: Int) {
        storage = Array(repeating: .present, count: count)
    }

    func record(_ index: Int, _ outcome: Outcome) {
        lock.withLock { storage[index] = outcome }
    }

    var outcomes: [Outcome] { lock.withLock { storage } }
}
