/// The frame every page shares: the document head with its inline style sheet, the header with
/// the repository's navigation, and the body the page renders.
struct Page {
    var title: String
    /// The repository shown, with its base URL (`/team/data/-`); nil on the repository list.
    var repository: (name: String, base: String)?
    /// The revision the navigation links point at.
    var revision = "HEAD"
    var body: String

    /// The whole HTML5 document.
    func render() -> String {
        var nav = "<a href=\"/\">repositories</a>"
        if let repository {
            let base = repository.base
            let rev = HTML.path(revision)
            nav += " / <strong>\(HTML.escape(repository.name.isEmpty ? "/" : repository.name))</strong>"
            nav += " · " + HTML.link("\(base)/log/\(rev)", "log")
            nav += " · " + HTML.link("\(base)/tree/\(rev)", "files")
            nav += " · " + HTML.link("\(base)/refs", "branches and tags")
            nav += " · " + HTML.link("\(base)/metrics/\(rev)", "metrics")
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · mlv</title>
            <style>\(Page.style)</style></head>
            <body><header><nav>\(nav)</nav></header>
            <main><h1>\(HTML.escape(title))</h1>
            \(body)
            </main></body></html>

            """
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
        header{background:#24292f;color:#fff;padding:.6em 1.2em}header a{color:#fff}
        main{padding:0 1.2em 2em}a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
        h1{font-size:1.35em;margin:.8em 0 .5em;word-break:break-all}h2{font-size:1.1em;margin:1.4em 0 .4em}
        table{border-collapse:collapse;margin:.4em 0}td,th{padding:2px 10px;border-bottom:1px solid #d8dee4;
        text-align:left;vertical-align:top}th{background:#f6f8fa}td.n,th.n{text-align:right}
        code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
        pre{background:#f6f8fa;padding:.6em;overflow:auto;white-space:pre-wrap;word-break:break-all}
        .graph td{border:0;padding:0 6px;height:24px}.graph svg{display:block}
        .add{background:#dafbe1}.del{background:#ffebe9}.hunk{background:#ddf4ff;color:#57606a}
        .diff td{border:0;padding:0 8px;white-space:pre-wrap;word-break:break-all}
        .notice{background:#fff8c5;border:1px solid #d4a72c;padding:.4em .8em;margin:.6em 0}
        .error{background:#ffebe9;border:1px solid #cf222e;padding:.6em 1em;margin:1em 0}
        .muted{color:#57606a}.ref{background:#ddf4ff;border-radius:8px;padding:0 6px;margin-right:4px;font-size:12px}
        ul.lineage{list-style:none;padding-left:1.2em;border-left:2px solid #d8dee4}
        """
}
