import Foundation
import MLVRemote
import MLVRepository
import MLVTestSupport
import Testing

/// The pages as a browser shows them: the real `mlv serve` on 127.0.0.1:0 and headless
/// Chromium, each page's DOM dumped and checked, and one screenshot that must render.
@Suite(.enabled(if: Chromium.isInstalled, "needs /usr/bin/chromium"))
struct WebBrowserTests {
    @Test("each page loads in Chromium with its content, and a page renders to a PNG")
    func pagesInChromium() async throws {
        let sample = try WebSample.get()
        let scratch = try TempDirectory(prefix: "browser")
        let serve = try ServeProcess(cli: sample.cli, arguments: ["--root", sample.root.path], scratch: scratch)
        defer { serve.terminate() }
        let base = serve.baseURL + "/demo/-"
        let chromium = Chromium(profile: scratch.appending("profile"))
        let pages: [(String, [String])] = [
            (serve.baseURL + "/", ["Repositories", "demo"]),
            (base + "/refs", ["Branches", "feature", "v1", "&lt;script&gt;alert(1)&lt;/script&gt;"]),
            (base + "/log/HEAD", ["Merge feature", "feature notes", "<svg", "<circle"]),
            (base + "/commit/HEAD~4", ["train longer", "Run records (3)", "mlp-classifier", "accuracy"]),
            (base + "/tree/HEAD/models", ["mlp.safetensors", " B</td>", "/raw/HEAD/models/mlp.safetensors"]),
            (base + "/blob/HEAD/data.csv?page=2", ["<th>label</th>", ">101</td>", ">200</td>"]),
            (base + "/blob/HEAD/models/mlp.safetensors", ["tensors</h2>", "F32"]),
            (base + "/diff/HEAD~4..HEAD~3/README.md", ["with more words", "class=\"add\""]),
            (base + "/metrics/HEAD", ["evaluate.accuracy", "train longer", "<figure><svg", "<polyline"]),
            (base + "/lineage/HEAD/models/mlp.safetensors", ["stage <strong>train</strong>", "data.csv"]),
        ]
        for (url, needles) in pages {
            let dom = try chromium.dumpDOM(url)
            for needle in needles { #expect(dom.contains(needle), "\(url) lacks \(needle)") }
            #expect(!dom.contains("<script"), "\(url) holds a script element")
        }
        // The remote API still answers on the same port.
        let api = try #require(URL(string: serve.baseURL + "/demo"))
        #expect(try await HTTPTransport(url: api, token: nil).listRefs().head == "refs/heads/main")
        let png = scratch.appending("log.png")
        try chromium.screenshot(base + "/log/HEAD", to: png)
        let bytes = try Data(contentsOf: png)
        #expect(bytes.count > 5000)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
}

/// Headless Chromium as a child process with its own profile folder and a timeout.
struct Chromium {
    static let binary = "/usr/bin/chromium"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }
    let profile: URL

    /// The DOM after the page loaded.
    func dumpDOM(_ url: String) throws -> String {
        try run(["--dump-dom", url])
    }

    func screenshot(_ url: String, to file: URL) throws {
        _ = try run(["--screenshot=\(file.path)", "--window-size=1280,900", url])
    }

    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Chromium.binary)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(profile.path)", "--timeout=20000",
            ] + arguments
        process.environment = ["HOME": profile.path, "PATH": "/usr/bin:/bin"]
        let output = profile.deletingLastPathComponent().appendingPathComponent("chromium-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw TestSupportError("chromium timed out on \(arguments.joined(separator: " "))")
        }
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }
}
