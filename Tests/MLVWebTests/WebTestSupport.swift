import Foundation
import MLVRemote
import MLVStorage
import MLVTestSupport
import MLVWeb
import Testing

/// A root folder with one sample repository, `demo`, built with the real `mlv` binary once per
/// test process: a CSV table of 240 rows, a pipeline whose runs are committed twice (a
/// safetensors model, metrics, lineage back to the table), a merged branch, a tag, a text file
/// longer than the preview, and hostile names (`<script>` in a commit message, a branch, a path
/// and a CSV cell).
final class WebSample: Sendable {
    static let hostile = "<script>alert(1)</script>"
    let root: TempDirectory
    let cli: CLIRunner

    var repository: URL { root.appending("demo") }

    /// The sample, built on first use and shared by the suites.
    static let shared = Result { try WebSample() }

    static func get() throws -> WebSample { try shared.get() }

    private init() throws {
        root = try TempDirectory(prefix: "web")
        cli = try CLIRunner()
        let repo = root.appending("demo")
        try run(["init", repo.path], in: nil)
        try write("data.csv", ClassifierSample.table())
        try write("mlv.yaml", ClassifierSample.pipeline(epochs: 3))
        try write("README.md", "# Demo\n\nA sample repository.\n")
        try write("notes/long.txt", String(repeating: "a line of text that repeats\n", count: 4000))
        try run(["add", "."])
        try run(["commit", "-m", "data and pipeline"])
        try run(["run", "--commit", "-m", "train"])
        try write("mlv.yaml", ClassifierSample.pipeline(epochs: 4))
        try run(["run", "--commit", "-m", "train longer"])
        try run(["tag", "v1"])
        try run(["switch", "-c", "feature"])
        try write("notes/feature.txt", "feature work\n")
        try run(["add", "."])
        try run(["commit", "-m", "feature notes"])
        try run(["switch", "main"])
        try write("README.md", "# Demo\n\nA sample repository, with more words.\n")
        try run(["add", "."])
        try run(["commit", "-m", "Edit the readme"])
        try run(["merge", "feature", "-m", "Merge feature"])
        try run(["branch", WebSample.hostile])
        try write(WebSample.hostile, "hostile path\n")
        try write(
            "cells.csv",
            "name,value\n\"\(WebSample.hostile.replacingOccurrences(of: "\"", with: "\"\""))\",1\nplain,2\n")
        try run(["add", "."])
        try run(["commit", "-m", "Add \(WebSample.hostile) files\n\nBody with \(WebSample.hostile) too."])
        try run(["mv", "notes/feature.txt", "notes/renamed.txt"])
        try run(["commit", "-m", "Rename the feature notes"])
    }

    @discardableResult
    func run(_ arguments: [String], in directory: URL? = nil) throws -> CLIResult {
        let result = try cli.run(arguments, in: directory ?? repository)
        guard result.status == 0 else {
            throw TestSupportError("mlv \(arguments.joined(separator: " ")) failed: \(result)")
        }
        return result
    }

    func write(_ path: String, _ text: String) throws {
        let url = repository.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The UI over the sample's root.
    func ui(tokens: AccessTokens? = nil, options: WebUI.Options = WebUI.Options()) -> WebUI {
        WebUI(root: root.url, tokens: tokens, options: options)
    }
}

/// A response with its body as text.
struct Fetched {
    var status: Int
    var headers: [String: String]
    var text: String
}

extension WebUI {
    /// GETs `path` (with optional headers) and collects the body.
    func get(_ path: String, headers: [String: String] = [:]) async throws -> Fetched {
        let response = respond(to: ServiceRequest(method: "GET", path: path, headers: headers))
        let body = try await response.collectBody()
        return Fetched(status: response.status, headers: response.headers, text: String(decoding: body, as: UTF8.self))
    }
}

/// Fails when `html` holds the hostile markup unescaped, or any `<script` tag at all.
func expectNoScript(_ html: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!html.contains("<script"), "\(what) holds an unescaped <script>", sourceLocation: sourceLocation)
    #expect(
        !html.lowercased().contains("<script"), "\(what) holds an unescaped <script>", sourceLocation: sourceLocation)
}
