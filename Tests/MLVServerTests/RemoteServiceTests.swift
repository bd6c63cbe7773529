import Foundation
import MLVObjects
import MLVRemote
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// The request handler driven directly, without sockets: paths, limits, malformed bodies.
@Suite struct RemoteServiceTests {
    let root: ServerRoot
    let service: RemoteService

    init() throws {
        root = try ServerRoot()
        try root.makeRepository("team/data")
        var options = RemoteService.Options()
        options.maxKeysPerRequest = 100
        options.maxObjectBytes = 100_000
        service = RemoteService(root: root.url, options: options)
    }

    func call(
        _ method: String, _ path: String, _ body: [UInt8] = [], headers: [String: String] = [:],
        on service: RemoteService? = nil
    ) async throws -> (status: Int, body: [UInt8]) {
        let request = ServiceRequest(method: method, path: path, headers: headers, contentLength: body.count)
        let response = await (service ?? self.service).respond(to: request, body: Pieces(body))
        return (response.status, try await response.collectBody())
    }

    func errorMessage(_ body: [UInt8]) -> String {
        (try? JSONDecoder().decode(HTTPProtocol.ErrorDocument.self, from: Data(body)))?.error.message ?? "?"
    }

    @Test("lists refs, HEAD and the protocol version of a nested repository")
    func listsRefs() async throws {
        let (status, body) = try await call("GET", "/team/data/mlv/v1/refs")
        #expect(status == 200)
        let document = try JSONDecoder().decode(HTTPProtocol.RefsDocument.self, from: Data(body))
        #expect(document == HTTPProtocol.RefsDocument(protocol: 1, head: "refs/heads/main", refs: [:]))
    }

    @Test("a root that is itself a repository is served at /")
    func servesRootRepository() async throws {
        let repository = try TempRepository()
        let (status, body) = try await call("GET", "/mlv/v1/refs", on: RemoteService(root: repository.root))
        #expect(status == 200)
        #expect(try JSONDecoder().decode(HTTPProtocol.RefsDocument.self, from: Data(body)).head == "refs/heads/main")
        #expect(try await call("GET", "/mlv/v1/refs").status == 404)
    }

    @Test(
        "refuses repository names that escape the root or hide in dot folders",
        arguments: [
            "/../x/mlv/v1/refs", "/team/../../x/mlv/v1/refs", "/%2e%2e/mlv/v1/refs", "/team%2f..%2f../mlv/v1/refs",
            "/a%00b/mlv/v1/refs", "/a%5cb/mlv/v1/refs", "/team//data/mlv/v1/refs", "/.mlv/mlv/v1/refs",
            "/team/./data/mlv/v1/refs", "team/data/mlv/v1/refs",
        ])
    func refusesTraversal(path: String) async throws {
        let (status, body) = try await call("GET", path)
        #expect(status == 400, "\(path): \(errorMessage(body))")
    }

    @Test("a repository reached through a symlink to outside the root is not found")
    func refusesSymlinkEscape() async throws {
        let outside = try TempRepository()
        try FileManager.default.createSymbolicLink(
            at: root.url.appendingPathComponent("escape"), withDestinationURL: outside.root)
        let (status, _) = try await call("GET", "/escape/mlv/v1/refs")
        #expect(status == 404)
        let (missing, body) = try await call("GET", "/nothing/here/mlv/v1/refs")
        #expect(missing == 404)
        #expect(errorMessage(body) == "no repository 'nothing/here' on this server")
    }

    @Test("unknown versions, endpoints and methods are 4xx with a message")
    func refusesUnknownRequests() async throws {
        #expect(try await call("GET", "/team/data/mlv/v2/refs").status == 400)
        let header = try await call("GET", "/team/data/mlv/v1/refs", headers: ["MLV-Protocol": "2"])
        #expect(header.status == 400)
        #expect(errorMessage(header.body).contains("this server speaks version 1"))
        #expect(try await call("GET", "/team/data/mlv/v1/everything").status == 404)
        #expect(try await call("DELETE", "/team/data/mlv/v1/refs").status == 405)
        #expect(try await call("GET", "/team/data/mlv/v1/packs").status == 405)
    }

    @Test("lacking: malformed key lists are 400, too many keys 413")
    func lackingLimits() async throws {
        #expect(try await call("POST", "/team/data/mlv/v1/lacking", [UInt8](repeating: 1, count: 34)).status == 400)
        #expect(try await call("POST", "/team/data/mlv/v1/lacking", [UInt8](repeating: 9, count: 33)).status == 400)
        let many = HTTPProtocol.encode((0..<101).map { ObjectKey(SHA256Hasher.hash([UInt8($0)]), .chunk) })
        #expect(try await call("POST", "/team/data/mlv/v1/lacking", many).status == 413)
        let some = (0..<100).map { ObjectKey(SHA256Hasher.hash([UInt8($0)]), .chunk) }
        let answer = try await call("POST", "/team/data/mlv/v1/lacking", HTTPProtocol.encode(some))
        #expect(answer.status == 200)
        #expect(HTTPProtocol.decodeKeys(answer.body) == some)
    }

    @Test("an object with a wrong hash is rejected and nothing of the upload is installed")
    func rejectsWrongHash() async throws {
        let source = try SourceRepository()
        try source.commit(["a.bin": 1, "b.bin": 2])
        var objects = try source.allKeys().map { try source.repository.objects.readStored($0.id, kind: $0.kind) }
        // A chunk whose stored bytes no longer decode to bytes with its id.
        let index = try #require(objects.lastIndex { $0.kind == .chunk })
        objects[index].bytes[objects[index].bytes.count / 2] ^= 0xFF
        var encoder = PackStreamEncoder()
        var bytes = encoder.header()
        for object in objects { bytes += encoder.entry(object) }
        bytes += encoder.trailer()
        let (status, body) = try await call("POST", "/team/data/mlv/v1/packs", bytes)
        #expect(status == 422, "\(errorMessage(body))")
        #expect(errorMessage(body).contains(objects[index].id.description))
        let repository = try root.open("team/data")
        #expect(repository.objects.installedObjectCount == 0)
    }

    @Test("an upload cut short keeps the batches committed before the cut; lacking then names only the rest")
    func keepsCommittedBatches() async throws {
        var options = RemoteService.Options()
        options.commitInterval = 1
        let committing = RemoteService(root: root.url, options: options)
        let source = try SourceRepository()
        try source.commit(["a.bin": 11, "b.bin": 12, "c.bin": 13, "d.bin": 14], size: 200_000)
        let keys = try source.allKeys()
        let file = try source.packFile(keys, in: source.temp.root)
        let bytes = try [UInt8](Data(contentsOf: file.url))
        let cut = Array(bytes.prefix(bytes.count * 2 / 3))
        let (status, _) = try await call("POST", "/team/data/mlv/v1/packs", cut, on: committing)
        #expect(status == 400)
        let lackingAfter = try await call("POST", "/team/data/mlv/v1/lacking", HTTPProtocol.encode(keys))
        let rest = try #require(HTTPProtocol.decodeKeys(lackingAfter.body))
        #expect(!rest.isEmpty && rest.count < keys.count, "\(rest.count) of \(keys.count) still lacking")
        let resend = try source.packFile(rest, in: source.temp.root)
        let second = try await call("POST", "/team/data/mlv/v1/packs", try [UInt8](Data(contentsOf: resend.url)))
        #expect(second.status == 200)
        let added = try JSONDecoder().decode(HTTPProtocol.UploadDocument.self, from: Data(second.body))
        #expect(added == HTTPProtocol.UploadDocument(objects: rest.count, added: rest.count))
        #expect(try await call("POST", "/team/data/mlv/v1/lacking", HTTPProtocol.encode(keys)).body.isEmpty)
    }

    @Test("truncated, garbage and oversized pack streams are 400 or 413")
    func rejectsBadPacks() async throws {
        let source = try SourceRepository()
        try source.commit(["a.bin": 3], size: 90_000)
        let keys = try source.allKeys()
        var encoder = PackStreamEncoder()
        var bytes = encoder.header()
        for key in keys { bytes += encoder.entry(try source.repository.objects.readStored(key.id, kind: key.kind)) }
        bytes += encoder.trailer()
        #expect(try await call("POST", "/team/data/mlv/v1/packs", Array(bytes.dropLast(40))).status == 400)
        #expect(try await call("POST", "/team/data/mlv/v1/packs", Array("GET / HTTP/1.1\r\n".utf8)).status == 400)
        var wrongTrailer = bytes
        wrongTrailer[wrongTrailer.count - 1] ^= 1
        #expect(try await call("POST", "/team/data/mlv/v1/packs", wrongTrailer).status == 400)
        var huge = PackStreamEncoder()
        let big = StoredObject(
            id: SHA256Hasher.hash([1]), kind: .chunk, codec: .raw, rawLength: 200_000,
            bytes: [UInt8](repeating: 1, count: 200_000))
        let oversized = huge.header() + huge.entry(big) + huge.trailer()
        #expect(try await call("POST", "/team/data/mlv/v1/packs", oversized).status == 413)
        #expect(try root.open("team/data").objects.installedObjectCount == 0)
        // The good stream still goes in afterwards.
        #expect(try await call("POST", "/team/data/mlv/v1/packs", bytes).status == 200)
        #expect(try root.open("team/data").objects.installedObjectCount == keys.count)
    }

    @Test("a ref update is refused while the new commit's objects are missing, then accepted")
    func refUpdateNeedsClosure() async throws {
        let source = try SourceRepository()
        let commit = try source.commit(["a.bin": 4, "dir/b.bin": 5])
        let update = HTTPProtocol.json(
            HTTPProtocol.RefUpdateDocument(name: "refs/heads/main", expected: nil, new: commit.description))
        let refused = try await call("POST", "/team/data/mlv/v1/refs", update)
        #expect(refused.status == 422)
        #expect(errorMessage(refused.body).contains("is missing on the server"))
        // Everything but one chunk: still refused, naming that chunk.
        let keys = try source.allKeys()
        let chunk = try #require(keys.first { $0.kind == .chunk })
        let file = try source.packFile(keys.filter { $0 != chunk }, in: source.temp.root)
        let packBytes = try [UInt8](Data(contentsOf: file.url))
        #expect(try await call("POST", "/team/data/mlv/v1/packs", packBytes).status == 200)
        let stillRefused = try await call("POST", "/team/data/mlv/v1/refs", update)
        #expect(stillRefused.status == 422)
        #expect(errorMessage(stillRefused.body).contains(chunk.id.description))
        let rest = try source.packFile([chunk], in: source.temp.root)
        #expect(
            try await call("POST", "/team/data/mlv/v1/packs", try [UInt8](Data(contentsOf: rest.url))).status == 200)
        #expect(try await call("POST", "/team/data/mlv/v1/refs", update).status == 200)
        #expect(try root.open("team/data").refs.resolve(.head).id == commit)
    }

    @Test("the checked-out branch of a non-bare repository is not updated; other branches are")
    func refusesCheckedOutBranch() async throws {
        try root.makeRepository("work", bare: false)
        let source = try SourceRepository()
        let commit = try source.commit(["a.bin": 6])
        let pack = try source.packFile(try source.allKeys(), in: source.temp.root)
        #expect(try await call("POST", "/work/mlv/v1/packs", try [UInt8](Data(contentsOf: pack.url))).status == 200)
        func update(_ name: String) -> [UInt8] {
            HTTPProtocol.json(HTTPProtocol.RefUpdateDocument(name: name, expected: nil, new: commit.description))
        }
        let refused = try await call("POST", "/work/mlv/v1/refs", update("refs/heads/main"))
        #expect(refused.status == 400)
        #expect(errorMessage(refused.body).contains("checked out branch"))
        #expect(try await call("POST", "/work/mlv/v1/refs", update("refs/heads/other")).status == 200)
    }

    @Test("malformed ref updates are 400; bad names never create files")
    func refUpdateMalformed() async throws {
        let zero = String(repeating: "0", count: 64)
        for body in [
            "not json", "{\"name\": 3}", "{\"name\":\"refs/heads/../../x\",\"new\":\"\(zero)\"}",
            "{\"name\":\"HEAD\",\"new\":\"\(zero)\"}", "{\"name\":\"refs/heads/x\",\"new\":\"xyz\"}",
        ] {
            let (status, response) = try await call("POST", "/team/data/mlv/v1/refs", Array(body.utf8))
            #expect(status == 400, "\(body): \(errorMessage(response))")
        }
        #expect(!FileManager.default.fileExists(atPath: root.url.appendingPathComponent("team/x").path))
        let big = [UInt8](repeating: 0x20, count: 70_000)
        #expect(try await call("POST", "/team/data/mlv/v1/refs", big).status == 413)
    }

    @Test("tokens: none or unknown → 401, read token writing → 403, write token writes")
    func tokens() async throws {
        let tokens = try AccessTokens(parsing: "# team\nread r-token\nwrite w-token\n\n", path: "tokens")
        let guarded = RemoteService(root: root.url, tokens: tokens)
        let update = Array("{\"name\":\"refs/heads/x\",\"expected\":null,\"new\":null}".utf8)
        #expect(try await call("GET", "/team/data/mlv/v1/refs", on: guarded).status == 401)
        let wrong = ["Authorization": "Bearer w-tokenX"]
        #expect(try await call("GET", "/team/data/mlv/v1/refs", headers: wrong, on: guarded).status == 401)
        let read = ["Authorization": "Bearer r-token"]
        #expect(try await call("GET", "/team/data/mlv/v1/refs", headers: read, on: guarded).status == 200)
        #expect(try await call("POST", "/team/data/mlv/v1/refs", update, headers: read, on: guarded).status == 403)
        #expect(try await call("POST", "/team/data/mlv/v1/packs", [1, 2, 3], headers: read, on: guarded).status == 403)
        let write = ["Authorization": "Bearer w-token"]
        #expect(try await call("GET", "/team/data/mlv/v1/refs", headers: write, on: guarded).status == 200)
        #expect(throws: RemoteError.self) { try AccessTokens(parsing: "admin x\n", path: "tokens") }
        #expect(throws: RemoteError.self) { try AccessTokens(parsing: "read\n", path: "tokens") }
    }
}
