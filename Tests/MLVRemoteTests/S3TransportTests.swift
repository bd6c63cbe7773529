import Foundation
import MLVRepository
import MLVStorage
import MLVTestSupport
import Synchronization
import Testing

@testable import MLVRemote

/// The S3 transport against a real moto_server on 127.0.0.1 (started per test, signatures checked).
/// Serialized: each test starts a Python server, and several at once only compete for the cores.
@Suite(.serialized) struct S3TransportTests {
    @Test("uploaded pack streams come back byte for byte through ranged downloads")
    func roundTrip() async throws {
        let server = try await S3TestServer.start()
        let directory = try TempDirectory(prefix: "s3-roundtrip")
        var options = server.options(prefix: "team/data")
        options.cacheDirectory = directory.appending("cache")
        options.coalesceGap = 100
        options.maxRangeSize = 20_000
        let transport = S3Transport(options: options)
        let pack = try S3TestPack.make(in: directory, name: "a", seed: 1, chunks: 40, chunkSize: 3_000)

        #expect(try await transport.listRefs() == RemoteRefs())
        #expect(try await transport.lacking(pack.keys) == pack.keys)
        let uploaded = Mutex(TransferProgress())
        try await transport.upload(pack.file) { progress in uploaded.withLock { $0 = progress } }
        #expect(uploaded.withLock { $0.objects } == 40)
        #expect(try await transport.lacking(pack.keys) == [])

        let cache = directory.appending("cache")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).count == 1)
        // A fresh client without a cache downloads and checks the index.
        let other = S3Transport(options: server.options(prefix: "team/data"))
        let extra = ObjectKey(SHA256Hasher.hash([1, 2, 3]), .chunk)
        #expect(try await other.lacking(pack.keys + [extra]) == [extra])
        let wanted = Array(pack.keys.enumerated().filter { $0.offset % 3 != 1 }.map(\.element))
        let received = Received()
        try await other.download(wanted, receive: received.add) { _ in }
        let byKey = Dictionary(uniqueKeysWithValues: received.all.map { ($0.key, $0) })
        #expect(byKey.count == wanted.count)
        for object in pack.objects where wanted.contains(object.key) { #expect(byKey[object.key] == object) }

        await #expect(throws: RemoteError.self) { try await other.download([extra], receive: received.add) { _ in } }
        // One with the cache answers from the cached index.
        let cached = S3Transport(options: options)
        #expect(try await cached.lacking(pack.keys) == [])
    }

    @Test("packs above the threshold go up as a parallel multipart upload and read back whole")
    func multipartUpload() async throws {
        let server = try await S3TestServer.start()
        let directory = try TempDirectory(prefix: "s3-multipart")
        var options = server.options(prefix: "mp")
        options.multipartThreshold = 64 << 10
        options.partSize = 20 << 10
        let transport = S3Transport(options: options)
        let pack = try S3TestPack.make(in: directory, name: "big", seed: 2, chunks: 30, chunkSize: 5_000)
        #expect(pack.file.byteCount > 7 * options.partSize)
        try await transport.upload(pack.file) { _ in }

        let indexed = try PackIndexWriter.index(packAt: pack.file.url, source: "test")
        let whole = try await transport.client.send("GET", key: "mp/packs/\(indexed.packFileName)")
        #expect(whole.status == 200)
        #expect(whole.body == (try Data(contentsOf: pack.file.url)))
        let received = Received()
        try await transport.download(pack.keys, receive: received.add) { _ in }
        #expect(Set(received.all.map(\.key)) == Set(pack.keys))
        let pending = try await transport.client.send("GET", key: nil, query: [("uploads", "")])
        #expect(S3XML.values(of: "UploadId", in: pending.body).isEmpty)
    }

    @Test("a failed multipart upload is aborted and leaves no pack")
    func multipartAbort() async throws {
        let server = try await S3TestServer.start()
        let directory = try TempDirectory(prefix: "s3-abort")
        var options = server.options(prefix: "abort")
        options.multipartThreshold = 16 << 10
        // Parts under moto's configured minimum (1 KiB) make the completion fail.
        options.partSize = 512
        let transport = S3Transport(options: options)
        let pack = try S3TestPack.make(in: directory, name: "p", seed: 3, chunks: 8, chunkSize: 4_000)
        await #expect(throws: RemoteError.self) { try await transport.upload(pack.file) { _ in } }
        let pending = try await transport.client.send("GET", key: nil, query: [("uploads", "")])
        #expect(S3XML.values(of: "UploadId", in: pending.body).isEmpty)
        #expect(try await transport.listKeys(under: "abort/packs/").isEmpty)
        #expect(try await transport.lacking(pack.keys) == pack.keys)
    }

    @Test("lacking follows ListObjectsV2 continuation tokens across many pages")
    func lackingPaginates() async throws {
        let server = try await S3TestServer.start()
        let directory = try TempDirectory(prefix: "s3-pages")
        var options = server.options(prefix: "pages")
        options.listPageSize = 3
        let transport = S3Transport(options: options)
        var keys: [ObjectKey] = []
        for number in 0..<12 {
            let pack = try S3TestPack.make(
                in: directory, name: "p\(number)", seed: UInt64(100 + number), chunks: 2, chunkSize: 100)
            try await transport.upload(pack.file) { _ in }
            keys += pack.keys
        }
        #expect(try await transport.listKeys(under: "pages/packs/").count == 24)
        let fresh = S3Transport(options: options)
        let absent = ObjectKey(SHA256Hasher.hash([9]), .chunk)
        #expect(try await fresh.lacking(keys + [absent]) == [absent])
    }

    @Test("of two concurrent updates of one ref from the same old value, exactly one wins")
    func casRace() async throws {
        let server = try await S3TestServer.start()
        let directory = try TempDirectory(prefix: "s3-cas")
        let transport = S3Transport(options: server.options(prefix: "cas"))
        let commits = (0..<21).map { (ObjectKind.commit, Array("commit \($0)\n".utf8)) }
        let pack = try S3TestPack.make(in: directory, name: "c", seed: 4, chunks: 1, chunkSize: 10, extra: commits)
        try await transport.upload(pack.file) { _ in }
        let ids = pack.keys.filter { $0.kind == .commit }.map(\.id)
        let ref = "refs/heads/main"
        try await transport.updateRef(RemoteRefUpdate(name: ref, expected: nil, new: ids[0]))
        await #expect(throws: RemoteError.self) {
            try await transport.updateRef(RemoteRefUpdate(name: ref, expected: nil, new: ids[1]))
        }
        var current = ids[0]
        for round in 0..<10 {
            let left = ids[1 + 2 * round]
            let right = ids[2 + 2 * round]
            let one = S3Transport(options: server.options(prefix: "cas"))
            let other = S3Transport(options: server.options(prefix: "cas"))
            let updates = (
                RemoteRefUpdate(name: ref, expected: current, new: left),
                RemoteRefUpdate(name: ref, expected: current, new: right)
            )
            async let first = outcome(one, updates.0)
            async let second = outcome(other, updates.1)
            let results = try await [first, second]
            #expect(results.filter { $0 == nil }.count == 1, "round \(round): \(results)")
            #expect(results.compactMap { $0?.code } == [.staleRef], "round \(round): \(results)")
            let refs = try await transport.listRefs()
            let winner = results[0] == nil ? left : right
            #expect(refs.refs[ref] == winner)
            current = winner
        }
        #expect(try await transport.listRefs().head == ref)
        try await transport.updateRef(RemoteRefUpdate(name: ref, expected: current, new: nil))
        #expect(try await transport.listRefs().refs[ref] == nil)
    }

    @Test("a ref cannot point at a commit the remote lacks")
    func refNeedsObjects() async throws {
        let server = try await S3TestServer.start()
        let transport = S3Transport(options: server.options(prefix: "missing"))
        let absent = SHA256Hasher.hash(kind: .commit, body: Array("nowhere".utf8))
        let error = await #expect(throws: RemoteError.self) {
            try await transport.updateRef(RemoteRefUpdate(name: "refs/heads/main", expected: nil, new: absent))
        }
        #expect(error?.code == .missingObjects)
        #expect(try await transport.listRefs().refs.isEmpty)
    }

    @Test("wrong credentials give a one-line unauthorized error and write nothing")
    func wrongCredentials() async throws {
        let server = try await S3TestServer.start()
        let directory = try TempDirectory(prefix: "s3-auth")
        let wrongSecret = S3Credentials(accessKeyID: server.credentials.accessKeyID, secretAccessKey: "not-the-secret")
        let unknownKey = S3Credentials(accessKeyID: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x")
        let pack = try S3TestPack.make(in: directory, name: "p", seed: 5, chunks: 2, chunkSize: 100)
        for credentials in [wrongSecret, unknownKey] {
            let transport = S3Transport(options: server.options(prefix: "auth", credentials: credentials))
            let error = await #expect(throws: RemoteError.self) { try await transport.listRefs() }
            #expect(error?.code == .unauthorized)
            #expect(
                error.map { !$0.description.contains("\n") && $0.description.contains("s3://mlv-test/auth") } == true)
            let upload = await #expect(throws: RemoteError.self) { try await transport.upload(pack.file) { _ in } }
            #expect(upload?.code == .unauthorized)
        }
        let good = S3Transport(options: server.options(prefix: "auth"))
        #expect(try await good.listKeys(under: "auth/").isEmpty)
    }

    @Test("a remote with an unknown format version is refused with a clear error")
    func unknownFormatVersion() async throws {
        let server = try await S3TestServer.start()
        let transport = S3Transport(options: server.options(prefix: "future"))
        let marker = Data(#"{"format":"mlv-remote","version":2}"#.utf8)
        let put = try await transport.client.send("PUT", key: "future/mlv-remote.json", body: .bytes(marker))
        #expect(put.status == 200)
        let error = await #expect(throws: RemoteError.self) { try await transport.listRefs() }
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.message == "s3://mlv-test/future uses remote format version 2; this mlv reads version 1")
        let other = await #expect(throws: RemoteError.self) { try await transport.lacking([]) }
        #expect(other?.code == .unsupportedVersion)
    }

    @Test("a bucket that does not exist is an error, not an empty remote")
    func missingBucket() async throws {
        let server = try await S3TestServer.start()
        var options = server.options(prefix: "")
        options.bucket = "no-such-bucket"
        let error = await #expect(throws: RemoteError.self) { try await S3Transport(options: options).listRefs() }
        #expect(error?.message.contains("no-such-bucket") == true)
    }

    @Test(
        "the S3 transport passes the transport conformance checks (push, fetch, CAS and only changed chunks through the negotiation)"
    )
    func conformance() async throws {
        let server = try await S3TestServer.start()
        var remotes = 0
        try await TransportConformance.check {
            remotes += 1
            return S3Transport(options: server.options(prefix: "conformance/\(remotes)"))
        }
        #expect(remotes == 3)
    }

    private func outcome(_ transport: S3Transport, _ update: RemoteRefUpdate) async throws -> RemoteError? {
        do {
            try await transport.updateRef(update)
            return nil
        } catch let error as RemoteError {
            return error
        }
    }
}

@Suite struct S3OptionsTests {
    @Test("s3:// URLs parse into bucket and prefix; bad ones are refused")
    func parse() throws {
        let plain = try S3Options.parse(url: "s3://bucket")
        #expect(plain.bucket == "bucket" && plain.prefix == "")
        let nested = try S3Options.parse(url: "s3://my.bucket/a/b/")
        #expect(nested.bucket == "my.bucket" && nested.prefix == "a/b")
        for bad in ["s3://", "s3:///x", "http://b/x", "s3://Bucket/x", "s3://b/../x"] {
            #expect(throws: RemoteError.self) { try S3Options.parse(url: bad) }
        }
    }

    @Test("config and environment give endpoint, region, credentials and threshold")
    func configured() throws {
        var config = Config()
        config.set("remote.origin.endpoint", "http://127.0.0.1:9000")
        config.set("remote.origin.region", "eu-west-1")
        config.set("remote.origin.access-key-id", "AKIACONFIG")
        config.set("remote.origin.secret-access-key", "config-secret")
        config.set("remote.origin.multipart-threshold", "1000")
        let fromConfig = try S3Options.configured(
            url: "s3://b/p", remoteName: "origin", config: config, environment: [:])
        #expect(fromConfig.endpoint?.absoluteString == "http://127.0.0.1:9000")
        #expect(fromConfig.region == "eu-west-1")
        #expect(fromConfig.credentials == S3Credentials(accessKeyID: "AKIACONFIG", secretAccessKey: "config-secret"))
        #expect(fromConfig.multipartThreshold == 1000)
        let fromEnvironment = try S3Options.configured(
            url: "s3://b", remoteName: nil, config: config,
            environment: ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t"])
        #expect(
            fromEnvironment.credentials
                == S3Credentials(accessKeyID: "AKIAENV", secretAccessKey: "s", sessionToken: "t"))
        #expect(fromEnvironment.endpoint == nil)
        #expect(fromEnvironment.region == "us-east-1")
        let error = #expect(throws: RemoteError.self) {
            try S3Options.configured(url: "s3://b", remoteName: nil, config: Config(), environment: [:])
        }
        #expect(error?.code == .unauthorized)
    }
}
