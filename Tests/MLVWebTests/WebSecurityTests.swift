import Foundation
import MLVRemote
import MLVRepository
import MLVTestSupport
import MLVWeb
import Testing

/// Escaping, tokens, path traversal and response headers of the web UI.
@Suite struct WebSecurityTests {
    let sample: WebSample
    let ui: WebUI

    init() throws {
        sample = try WebSample.get()
        ui = sample.ui()
    }

    static let hostileSegment = "%3Cscript%3Ealert%281%29%3C/script%3E"

    @Test("no page holds an unescaped <script>, whatever the message, branch, path or cell")
    func escaping() async throws {
        let head = try #require(try Repository(root: sample.repository).head().commitID)
        let hostileCommit = try Repository(root: sample.repository).commit(head).parents[0]
        let paths = [
            "/", "/demo/-/refs", "/demo/-/log/HEAD", "/demo/-/log/\(Self.hostileSegment)",
            "/demo/-/commit/\(hostileCommit)", "/demo/-/tree/HEAD", "/demo/-/tree/\(Self.hostileSegment)",
            "/demo/-/tree/HEAD/%3Cscript%3Ealert%281%29%3C", "/demo/-/blob/HEAD/\(Self.hostileSegment)",
            "/demo/-/blob/HEAD/cells.csv", "/demo/-/diff/HEAD~2..HEAD~1", "/demo/-/metrics/\(Self.hostileSegment)",
            "/demo/-/lineage/HEAD/\(Self.hostileSegment)", "/demo/-/nope/\(Self.hostileSegment)",
            "/demo/-/blob/HEAD/\(Self.hostileSegment)x", "/demo/-/log/%3Cscript%3Ex",
            "/%3Cscript%3E/-/log/HEAD",
        ]
        for path in paths {
            let page = try await ui.get(path)
            #expect(page.status != 500, "\(path): \(page.text)")
            expectNoScript(page.text, path)
        }
        let commit = try await ui.get("/demo/-/commit/\(hostileCommit)")
        #expect(commit.text.contains("Add &lt;script&gt;alert(1)&lt;/script&gt; files"))
        #expect(commit.text.contains("href=\"/demo/-/blob/\(hostileCommit)/\(Self.hostileSegment)\""))
        let branch = try await ui.get("/demo/-/log/\(Self.hostileSegment)")
        #expect(branch.status == 200 && branch.text.contains("Log of &lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test("every response carries nosniff and a strict content security policy") func headers() async throws {
        for path in ["/", "/demo/-/log/HEAD", "/demo/-/raw/HEAD/README.md", "/demo/-/nope", "/nope/-/log/HEAD"] {
            let page = try await ui.get(path)
            #expect(page.headers["X-Content-Type-Options"] == "nosniff", "\(path)")
            let policy = try #require(page.headers["Content-Security-Policy"])
            #expect(policy.hasPrefix("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"))
            #expect(!policy.contains("script-src"))
        }
    }

    @Test("traversal in repository names and file paths is refused, encoded or not")
    func traversal() async throws {
        let outside = try TempDirectory(prefix: "outside")
        try Data("secret\n".utf8).write(to: outside.appending("secret.txt"))
        try? FileManager.default.createSymbolicLink(at: sample.root.appending("link"), withDestinationURL: outside.url)
        let attempts = [
            "/../-/log/HEAD", "/%2e%2e/-/log/HEAD", "/demo/%2e%2e/-/log/HEAD",
            "/demo/-/raw/HEAD/%2e%2e/%2e%2e/etc/passwd",
            "/demo/-/raw/HEAD/..%2F..%2Fetc%2Fpasswd", "/demo/-/blob/HEAD/../README.md", "/.mlv/-/log/HEAD",
            "/demo/.mlv/-/log/HEAD", "/link/-/log/HEAD", "/demo/-/tree/HEAD/%00", "/demo/-/raw/HEAD/%zz",
            "/demo%2F..%2F..%2Ftmp/-/log/HEAD",
        ]
        for path in attempts {
            let page = try await ui.get(path)
            #expect([400, 404].contains(page.status), "\(path) gave \(page.status)")
            #expect(!page.text.contains("secret") && !page.text.contains("root:"), "\(path)")
        }
    }

    @Test("with tokens: 401 with the login form, bearer tokens, and the login cookie")
    func tokens() async throws {
        let ui = sample.ui(tokens: AccessTokens(["reader": .read, "writer": .write]))
        let denied = try await ui.get("/demo/-/log/HEAD")
        #expect(denied.status == 401)
        #expect(denied.text.contains("<form method=\"post\" action=\"/-/login\">"))
        #expect(denied.text.contains("name=\"next\" value=\"/demo/-/log/HEAD\""))
        #expect(try await ui.get("/").status == 401)
        #expect(try await ui.get("/demo/-/raw/HEAD/README.md").status == 401)
        #expect(try await ui.get("/demo/-/log/HEAD", headers: ["Authorization": "Bearer reader"]).status == 200)
        #expect(try await ui.get("/demo/-/log/HEAD", headers: ["Authorization": "Bearer writer"]).status == 200)
        #expect(try await ui.get("/demo/-/log/HEAD", headers: ["Authorization": "Bearer wrong"]).status == 401)
        let form = try await ui.get("/-/login?next=/demo/-/refs")
        #expect(form.status == 200 && form.text.contains("value=\"/demo/-/refs\""))

        let login = ui.respond(
            to: ServiceRequest(method: "POST", path: "/-/login"),
            body: Array("token=reader&next=%2Fdemo%2F-%2Frefs".utf8))
        #expect(login.status == 303)
        #expect(login.headers["Location"] == "/demo/-/refs")
        let cookie = try #require(login.headers["Set-Cookie"])
        #expect(
            cookie.hasPrefix("mlv_token=reader;") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        let viaCookie = try await ui.get("/demo/-/refs", headers: ["Cookie": "other=1; mlv_token=reader"])
        #expect(viaCookie.status == 200 && viaCookie.text.contains("feature"))
        #expect(try await ui.get("/demo/-/refs", headers: ["Cookie": "mlv_token=readerX"]).status == 401)

        let wrong = ui.respond(to: ServiceRequest(method: "POST", path: "/-/login"), body: Array("token=nope".utf8))
        #expect(wrong.status == 401 && wrong.headers["Set-Cookie"] == nil)
        let elsewhere = ui.respond(
            to: ServiceRequest(method: "POST", path: "/-/login"),
            body: Array("token=reader&next=%2F%2Fevil.example".utf8))
        #expect(elsewhere.headers["Location"] == "/")
        #expect(ui.respond(to: ServiceRequest(method: "PUT", path: "/demo/-/log/HEAD")).status == 405)
    }

    @Test("without tokens the pages are public, as the API is") func publicPages() async throws {
        #expect(try await ui.get("/demo/-/log/HEAD").status == 200)
        let login = ui.respond(to: ServiceRequest(method: "POST", path: "/-/login"), body: Array("token=x".utf8))
        #expect(login.status == 303)
    }

    @Test("the server routes the API and the pages apart") func routing() {
        #expect(WebUI.handles(method: "GET", path: "/"))
        #expect(WebUI.handles(method: "GET", path: "/demo/-/log/HEAD?page=2"))
        #expect(WebUI.handles(method: "POST", path: "/-/login"))
        #expect(!WebUI.handles(method: "GET", path: "/demo/mlv/v1/refs"))
        #expect(!WebUI.handles(method: "GET", path: "/mlv/v1/refs"))
        #expect(!WebUI.handles(method: "POST", path: "/demo/mlv/v1/packs"))
        #expect(!WebUI.handles(method: "POST", path: "/demo/-/log/HEAD"))
    }

    @Test("unknown repositories, pages, revisions and paths are 404 pages") func notFound() async throws {
        for path in ["/nope/-/log/HEAD", "/demo/-/nope", "/demo/-/log/nope", "/demo/-/blob/HEAD/nope.txt", "/nope"] {
            let page = try await ui.get(path)
            #expect(page.status == 404, "\(path)")
            #expect(page.text.contains("class=\"error\""))
        }
        let page = try await ui.get("/demo/-/log/nope")
        #expect(page.text.contains("unknown revision"))
    }
}
