import MLVRemote

/// Read access: a bearer token in the `Authorization` header, or the one the login form put in
/// an `HttpOnly`, `SameSite=Strict` cookie; each compared in constant time by ``AccessTokens``.
extension WebUI {
    /// The cookie that carries a token after the login form.
    static let cookieName = "mlv_token"

    /// Throws 401 when the server has tokens and the request carries no known one.
    func authorize(_ request: WebRequest) throws(WebError) {
        guard let tokens = service.tokens else { return }
        if tokens.scope(authorization: request.headers["authorization"]) != nil { return }
        if let token = request.cookie(WebUI.cookieName), tokens.scope(authorization: "Bearer " + token) != nil {
            return
        }
        throw WebError(401, "this server needs a read or write token")
    }

    /// `GET /-/login` shows the form; `POST /-/login` (`token`, `next`) sets the cookie and goes
    /// to `next` (a path on this server), or shows the form again with 401.
    func login(_ request: WebRequest) throws -> ServiceResponse {
        let next = WebUI.localPath(request.query["next"]) ?? "/"
        switch request.method {
        case "GET", "HEAD":
            let form = "<p>Enter a read or write token of this server.</p>" + LoginForm.render(next: next)
            return html(Page(title: "Sign in", body: form).render())
        case "POST":
            guard request.body.count <= 4096 else { throw WebError(413, "the login form is larger than 4096 bytes") }
            let fields = WebRequest.form(request.body)
            let target = WebUI.localPath(fields["next"]) ?? "/"
            let token = fields["token"] ?? ""
            guard let tokens = service.tokens else { return redirect(target) }
            guard !token.isEmpty, tokens.scope(authorization: "Bearer " + token) != nil else {
                throw WebError(401, "unknown token")
            }
            let cookie =
                "\(WebUI.cookieName)=\(HTML.segment(token)); Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000"
            return redirect(target, headers: ["Set-Cookie": cookie])
        default:
            throw WebError(405, "\(request.method) is not allowed on the login page")
        }
    }

    /// `path` when it is a path on this server (`/…`, not `//host` or `/\host`), else nil: the
    /// login form never redirects elsewhere.
    static func localPath(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"),
            !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" })
        else { return nil }
        return path
    }
}

/// The login form: a password field and where to go afterwards.
enum LoginForm {
    static func render(next: String) -> String {
        """
        <form method="post" action="/-/login"><input type="hidden" name="next" value="\(HTML.escape(next))">
        <label>Token <input type="password" name="token" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button></form>
        """
    }
}
