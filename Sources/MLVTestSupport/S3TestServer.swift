import Foundation
import MLVRemote

/// A real S3-compatible server for one test: moto's S3 server on 127.0.0.1, with an IAM user whose
/// keys the tests use, one bucket, and signature checking switched on (so every request the
/// transport sends is verified by moto's own SigV4 implementation).
///
/// It is moto_server's application (`moto.moto_server.werkzeug_app`) served by werkzeug with one
/// thread, rather than the `moto_server` command, which serves with a thread per request: moto
/// evaluates `If-Match`/`If-None-Match` and then writes without a lock across requests, so two
/// concurrent conditional writes can both pass (seen in the CAS race test). Served one request at
/// a time, each conditional write is atomic, as on AWS S3 and MinIO.
///
/// CI installs moto (`pip install 'moto[server]'`, see .ci/run); without it the tests fail with a
/// message saying so rather than skipping.
public final class S3TestServer: Sendable {
    public let endpoint: URL
    public let bucket: String
    /// The IAM user's keys, accepted by the server.
    public let credentials: S3Credentials
    private let process: Process

    /// Starts the server and prepares the user and the bucket.
    public static func start(bucket: String = "mlv-test") async throws -> S3TestServer {
        let python = try findExecutable("python3")
        var lastFailure = "moto's server did not start; install it with pip install 'moto[server]'"
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            let process = Process()
            process.executableURL = python
            process.arguments = ["-c", serverScript, "127.0.0.1", String(port)]
            var environment = ProcessInfo.processInfo.environment
            environment["MOTO_PORT"] = String(port)
            // Lets the multipart test use parts of a few KiB instead of S3's 5 MiB minimum.
            environment["S3_UPLOAD_PART_MIN_SIZE"] = "1024"
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // swift-format-ignore: NeverForceUnwrap
            // A literal host and a number form a valid URL.
            let endpoint = URL(string: "http://127.0.0.1:\(port)")!
            if try await waitUntilReady(endpoint, process: process) {
                let server = try await S3TestServer(process: process, endpoint: endpoint, bucket: bucket)
                return server
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            lastFailure =
                "moto's S3 server exited on port \(port) (status \(process.terminationStatus)); is moto installed? "
                + "pip install 'moto[server]'"
        }
        throw S3TestServerError(lastFailure)
    }

    private init(process: Process, endpoint: URL, bucket: String) async throws {
        self.process = process
        self.endpoint = endpoint
        self.bucket = bucket
        let setup = S3Credentials(accessKeyID: "AKIASETUPSETUPSETUP0", secretAccessKey: "setup")
        try await Self.iam(endpoint, setup, "Action=CreateUser&UserName=mlv&Version=2010-05-08")
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        try await Self.iam(
            endpoint, setup,
            "Action=PutUserPolicy&UserName=mlv&PolicyName=all&Version=2010-05-08&PolicyDocument="
                + SignatureV4.encode(policy))
        let keys = try await Self.iam(endpoint, setup, "Action=CreateAccessKey&UserName=mlv&Version=2010-05-08")
        guard let keyID = Self.element("AccessKeyId", in: keys), let secret = Self.element("SecretAccessKey", in: keys)
        else { throw S3TestServerError("moto did not return an access key") }
        credentials = S3Credentials(accessKeyID: keyID, secretAccessKey: secret)
        try await Self.signed(endpoint, setup, service: "s3", method: "PUT", path: "/\(bucket)", body: "")
        // From here on moto checks every request's signature against the IAM user's keys.
        let request = HTTPClient.Request("POST", url: endpoint.appendingPathComponent("moto-api/reset-auth"))
        let response = try await HTTPClient().send(request, body: .bytes(Array("0".utf8)))
        guard response.status == 200 else {
            throw S3TestServerError("cannot enable moto auth")
        }
    }

    deinit {
        // SIGKILL: the child inherits the test thread's signal mask, in which SIGTERM is blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Transport options for `prefix` in the test bucket, with the server's good credentials by default.
    public func options(prefix: String, credentials: S3Credentials? = nil) -> S3Options {
        var options = S3Options(bucket: bucket, prefix: prefix, credentials: credentials ?? self.credentials)
        options.endpoint = endpoint
        return options
    }

    /// moto_server's WSGI application on a single-threaded werkzeug server (see the type's comment).
    private static let serverScript = """
        import sys
        from werkzeug.serving import run_simple
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        run_simple(sys.argv[1], int(sys.argv[2]), DomainDispatcherApplication(create_backend_app), threaded=False)
        """

    private static func findExecutable(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw S3TestServerError(
            "\(name) is not installed: the S3 transport tests run moto's S3 server; install it with "
                + "pip install 'moto[server]' (.ci/run does)")
    }

    private static func waitUntilReady(_ endpoint: URL, process: Process) async throws -> Bool {
        for _ in 0..<600 {
            guard process.isRunning else { return false }
            let request = HTTPClient.Request(url: endpoint.appendingPathComponent("moto-api/"))
            if let response = try? await HTTPClient(timeout: 2).send(request), response.status == 200 { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// One IAM query API call (before auth is on; the signature only tells moto the service).
    @discardableResult
    private static func iam(_ endpoint: URL, _ credentials: S3Credentials, _ body: String) async throws -> Data {
        try await signed(
            endpoint, credentials, service: "iam", method: "POST", path: "/", body: body,
            headers: ["content-type": "application/x-www-form-urlencoded"])
    }

    /// A signed request that must succeed with 200.
    @discardableResult
    private static func signed(
        _ endpoint: URL, _ credentials: S3Credentials, service: String, method: String, path: String, body: String,
        headers: [String: String] = [:]
    ) async throws -> Data {
        let host = "\(endpoint.host ?? "127.0.0.1"):\(endpoint.port ?? 80)"
        var headers = headers
        headers["host"] = host
        let signer = SignatureV4(credentials: credentials, region: "us-east-1", service: service)
        let signed = signer.signedHeaders(
            for: SignatureV4.Request(
                method: method, path: path, headers: headers, payloadHash: SignatureV4.sha256Hex(Data(body.utf8))),
            date: Date())
        // swift-format-ignore: NeverForceUnwrap
        // The endpoint is a valid URL and the paths used here need no encoding.
        var request = HTTPClient.Request(method, url: URL(string: endpoint.absoluteString + path)!)
        for (name, value) in headers.merging(signed, uniquingKeysWith: { $1 }) {
            request.setValue(value, forHeader: name)
        }
        let response = try await HTTPClient().send(request, body: .bytes(Array(body.utf8)))
        let data = Data(response.body)
        guard response.status == 200 else {
            throw S3TestServerError(
                "\(method) \(path) failed: \(body.prefix(40)): \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }

    /// The text of the first `<name>` element in an XML body.
    private static func element(_ name: String, in body: Data) -> String? {
        let text = String(decoding: body, as: UTF8.self)
        guard let open = text.range(of: "<\(name)>"),
            let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }
}

/// A failure of the S3 test server's setup, with the reason.
struct S3TestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
