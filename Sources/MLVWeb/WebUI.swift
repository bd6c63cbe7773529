import Foundation
import MLVPipeline
import MLVRemote
import MLVRepository
import MLVStorage

/// The web UI of `mlv serve` without sockets: turns a request (method, path with query, headers
/// with the authorization or cookie, a small form body) into a response (status, headers, HTML).
///
/// URLs keep a `-` segment between the repository name and the page, so no repository path
/// collides with a page or with the remote API (`/<repo>/mlv/v1/…`):
/// `/` lists the repositories; `/<repo>/-/log/<rev>`, `/<repo>/-/commit/<id>`,
/// `/<repo>/-/tree/<rev>/<path>`, `/<repo>/-/blob/<rev>/<path>`, `/<repo>/-/raw/<rev>/<path>`,
/// `/<repo>/-/diff/<a>..<b>[/<path>]`, `/<repo>/-/metrics/<rev>`,
/// `/<repo>/-/lineage/<rev>/<path>` and `/<repo>/-/refs` show one repository (the root
/// repository, when the root is one, at `/-/…`); `/-/login` takes a token.
///
/// Read access follows the server's tokens: with tokens, every page needs a read or write token
/// as `Authorization: Bearer` or in the cookie the login form sets. `MLVServer` adapts
/// Hummingbird to ``respond(to:body:)``; tests call it directly.
public struct WebUI: Sendable {
    /// Page sizes and preview limits.
    public struct Options: Sendable {
        /// Commits per log page.
        public var logPageSize = 100
        /// Rows per page of a CSV/TSV file.
        public var tablePageRows = 100
        /// Bytes of a text file shown before a notice.
        public var textPreviewBytes = 64 << 10
        /// Files whose content diffs a whole-commit diff page shows (the rest are listed).
        public var diffFileLimit = 50
        /// Run commits the metrics page reads (the newest ones).
        public var metricsCommitLimit = 1000

        public init() {}
    }

    let service: RemoteService
    let options: Options
    /// Metric histories and topological logs by repository and tip.
    let metricsCache = TipCache<[RunHistory.MetricPoint]>(capacity: 32)
    let logCache = TipCache<[LogEntry]>(capacity: 16)
    /// Run records by repository and commit (a commit's records never change).
    let recordsCache = TipCache<[RunRecord]>(capacity: 20_000)
    /// The commits whose runs output each (path, file id), by repository and tip (lineage).
    let outputsCache = TipCache<[String: Set<ObjectID>]>(capacity: 16)
    let repositories = RepositoryCache()

    /// The UI of the repositories under `root`; nil `tokens` makes every page public.
    public init(root: URL, tokens: AccessTokens? = nil, options: Options = Options()) {
        self.service = RemoteService(root: root, tokens: tokens)
        self.options = options
    }

    /// Whether a request belongs to the UI rather than the remote API: every `GET` or `HEAD`
    /// whose path does not end in `mlv/v<N>/<endpoint>`, and the login form's `POST`.
    public static func handles(method: String, path: String) -> Bool {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        if method == "POST" { return bare == "/-/login" }
        guard method == "GET" || method == "HEAD" else { return false }
        let parts = bare.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count >= 3, parts[parts.count - 3] == "mlv", parts[parts.count - 2].hasPrefix("v"),
            Int(parts[parts.count - 2].dropFirst()) != nil
        {
            return false
        }
        return true
    }

    /// Answers one request. Never throws: failures become HTML error pages with their status.
    public func respond(to request: ServiceRequest, body: [UInt8] = []) -> ServiceResponse {
        var response: ServiceResponse
        do {
            response = try route(WebRequest(request, body: body))
        } catch let error as WebError {
            response = errorPage(error, request: request)
        } catch let error as RepositoryError where error.code == .unknownRevision || error.code == .pathNotFound {
            response = errorPage(WebError(404, error.message), request: request)
        } catch let error as RepositoryError
            where error.code == .ambiguousRevision || error.code == .pathOutsideWorktree
            || error.code == .invalidArgument
        {
            response = errorPage(WebError(400, error.message), request: request)
        } catch {
            response = errorPage(WebError(500, "server error: \(error)"), request: request)
        }
        WebUI.secure(&response.headers)
        if request.method == "HEAD" { response.body = .bytes([]) }
        return response
    }

    /// The headers every response carries: no sniffing, a strict content security policy (no
    /// scripts, no external anything), no framing, no referrer leaks.
    static func secure(_ headers: inout [String: String]) {
        if headers["Content-Type"] == nil { headers["Content-Type"] = "text/html; charset=utf-8" }
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Content-Security-Policy"] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        if headers["Cache-Control"] == nil { headers["Cache-Control"] = "no-store" }
    }

    private func route(_ request: WebRequest) throws -> ServiceResponse {
        if request.segments == ["-", "login"] {
            return try login(request)
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            throw WebError(405, "\(request.method) is not allowed here")
        }
        try authorize(request)
        guard let dash = request.segments.firstIndex(of: "-") else {
            if request.segments.isEmpty { return html(RepositoryListPage(ui: self).render()) }
            // `/<repo>`: the repository's log.
            let names = try request.repositoryName(request.segments)
            _ = try open(names)
            return redirect(RepositoryContext.base(names) + "/log/HEAD")
        }
        let names = try request.repositoryName(Array(request.segments[..<dash]))
        let rest = try request.decodedTail(after: dash + 1)
        guard let pageName = request.segments.dropFirst(dash + 1).first else {
            if names.isEmpty { return html(RepositoryListPage(ui: self).render()) }
            return redirect(RepositoryContext.base(names) + "/log/HEAD")
        }
        let context = RepositoryContext(
            repository: try open(names), names: names, query: request.query, options: options, ui: self)
        switch pageName {
        case "log": return html(try LogPage(context: context, revision: rest.joined(separator: "/")).render())
        case "refs": return html(try RefsPage(context: context).render())
        case "commit": return html(try CommitPage(context: context, revision: rest.joined(separator: "/")).render())
        case "tree": return try TreePage(context: context, rest: rest).response()
        case "blob": return try BlobPage(context: context, rest: rest).response()
        case "raw": return try BlobPage(context: context, rest: rest).raw()
        case "diff": return html(try DiffPage(context: context, rest: rest).render())
        case "metrics": return html(try MetricsPage(context: context, revision: rest.joined(separator: "/")).render())
        case "lineage": return html(try LineagePage(context: context, rest: rest).render())
        default: throw WebError.notFound("no page '\(pageName)'")
        }
    }

    /// Opens the repository named by its decoded path segments, as the remote API does (no
    /// `..`, no dot folders, no symlink out of the root).
    func open(_ names: [String]) throws -> Repository {
        let url: URL
        do {
            url = try service.repositoryURL(names)
        } catch {
            throw WebError.notFound(
                "no repository '\(names.isEmpty ? "/" : names.joined(separator: "/"))' on this server")
        }
        return try repositories.repository(at: url)
    }

    func html(_ text: String, status: Int = 200) -> ServiceResponse {
        ServiceResponse(
            status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .bytes(Array(text.utf8)))
    }

    func redirect(_ location: String, headers: [String: String] = [:]) -> ServiceResponse {
        var all = headers
        all["Location"] = location
        return html(Page(title: "Moved", body: "<p>\(HTML.link(location, location))</p>").render(), status: 303)
            .with(headers: all)
    }

    private func errorPage(_ error: WebError, request: ServiceRequest) -> ServiceResponse {
        var body = "<p class=\"error\">\(HTML.escape(error.message))</p>"
        var headers: [String: String] = [:]
        if error.status == 401 {
            let next = request.path.hasPrefix("/-/login") ? "/" : request.path
            body += LoginForm.render(next: next)
            headers["WWW-Authenticate"] = "Bearer realm=\"mlv\""
        } else {
            body += "<p><a href=\"/\">All repositories</a></p>"
        }
        let title =
            switch error.status {
            case 401: "Sign in"
            case 404: "Not found"
            case 400: "Bad request"
            default: "Error \(error.status)"
            }
        return html(Page(title: title, body: body).render(), status: error.status).with(headers: headers)
    }
}

extension ServiceResponse {
    /// The response with `headers` added.
    func with(headers: [String: String]) -> ServiceResponse {
        var copy = self
        for (name, value) in headers { copy.headers[name] = value }
        return copy
    }
}
