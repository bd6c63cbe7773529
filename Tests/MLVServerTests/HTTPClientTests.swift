import Foundation
import MLVRemote
import MLVStorage
import MLVTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTP client (libcurl, loaded on first use) against real sockets on 127.0.0.1.
@Suite struct HTTPClientTests {
    @Test("a server that is gone is unreachable, in one line naming the URL")
    func refused() async throws {
        let root = try ServerRoot()
        try root.makeRepository("data")
        let server = try await InProcessServer(root: root.url)
        let url = server.url("data")
        await server.stop()
        let error = await #expect(throws: RemoteError.self) {
            try await HTTPClient().send(HTTPClient.Request(url: url.appendingPathComponent("mlv/v1/refs")))
        }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("127.0.0.1:\(server.port)") == true)
        #expect(error?.message.contains("\n") == false)
    }

    @Test("a server that accepts and never answers fails after the timeout")
    func silentServerTimesOut() async throws {
        let listener = try SilentListener()
        let error = await #expect(throws: RemoteError.self) {
            try await HTTPClient(timeout: 1).send(HTTPClient.Request(url: listener.url))
        }
        #expect(error?.code == .unreachable)
        // libcurl's words for a transfer stalled past the limit (not a refused or reset connection).
        let message = error?.message.lowercased() ?? ""
        #expect(message.contains("too slow") || message.contains("timed out"), "\(message)")
    }

    @Test("cancelling the task stops a request that is waiting for an answer")
    func cancellation() async throws {
        let listener = try SilentListener()
        let task = Task { try await HTTPClient(timeout: 600).send(HTTPClient.Request(url: listener.url)) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test("a file body streams with progress, and an error body comes back with lowercased header names")
    func fileBodyAndHeaders() async throws {
        let root = try ServerRoot()
        try root.makeRepository("data")
        let server = try await InProcessServer(root: root.url)
        defer { Task { await server.stop() } }
        let temp = try TempDirectory(prefix: "body")
        let file = temp.appending("body.bin")
        var rng = SplitMix64(seed: 7)
        try Data(rng.bytes(3_000_000)).write(to: file)
        var request = HTTPClient.Request("POST", url: server.url("data").appendingPathComponent("mlv/v1/packs"))
        request.setValue("application/x-mlv-pack", forHeader: "content-type")
        request.setValue("application/x-mlv-pack", forHeader: "Content-Type")
        #expect(request.headers.count == 1)
        let sent = ProgressTotal()
        let response = try await HTTPClient().send(request, body: .file(file), sent: { sent.set($0) })
        // Not a pack: the server refused it.
        #expect(response.status == 400)
        #expect(sent.value > 0 && sent.value <= 3_000_000)
        #expect(response.headers["content-type"] != nil)
        #expect(!response.body.isEmpty)
    }
}

/// The largest total reported, across threads.
private final class ProgressTotal: @unchecked Sendable {
    private let lock = NSLock()
    private var total: Int64 = 0
    func set(_ value: Int64) { lock.withLock { total = max(total, value) } }
    var value: Int64 { lock.withLock { total } }
}

/// A TCP socket on 127.0.0.1 that takes connections (the kernel's backlog does) and never reads.
private final class SilentListener: Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = unsafe withUnsafeMutablePointer(to: &address) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { unsafe bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw TestSupportError("bind or listen failed")
        }
        let named = unsafe withUnsafeMutablePointer(to: &address) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { unsafe getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            throw TestSupportError("getsockname failed")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }

    var url: URL {
        // swift-format-ignore: NeverForceUnwrap
        // A fixed scheme, host and port always parse.
        URL(string: "http://127.0.0.1:\(port)/x")!
    }
}
