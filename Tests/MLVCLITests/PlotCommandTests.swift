import Foundation
import MLVStorage
import MLVTestSupport
import Testing

/// `mlv plot` end to end: real runs committed over several commits and two branches, the files
/// it writes read back by python3's XML and HTML parsers.
@Suite struct PlotCommandTests {
    /// The classifier sample with a second evaluation, on the training split.
    static func pipeline(epochs: Int) -> String {
        ClassifierSample.pipeline(
            epochs: epochs,
            extraStages: """
                  fit:
                    plugin: evaluate
                    deps: [models/mlp.safetensors, work/train.csv]
                    outs: []
                    metrics: metrics/fit.json
                """)
    }

    /// A repository with three run commits on main (a plain commit between) and two on
    /// `feature`, whose last subject carries markup; returns the folder.
    func history(_ f: CLIFixture) throws -> URL {
        let repo = try f.initRepository()
        var rng = SplitMix64(seed: 11)
        var csv = "x1,x2,label\n"
        for _ in 0..<200 {
            let label = Int(rng.next() % 3)
            let noise = { Double(rng.next() % 1000) / 500 - 1 }
            csv += "\(Double(label) + noise()),\(Double(-label) + noise()),\(["cat", "dog", "<b>&"][label])\n"
        }
        try f.write(repo, "data.csv", csv)
        func epochs(_ count: Int, _ message: String) throws {
            try f.write(repo, "mlv.yaml", Self.pipeline(epochs: count))
            try f.expect(0, ["run", "--commit", "-m", message], in: repo)
        }
        try epochs(1, "one epoch")
        try epochs(4, "four epochs")
        try f.write(repo, "notes.txt", "no run\n")
        try f.expect(0, ["add", "notes.txt"], in: repo)
        try f.expect(0, ["commit", "-m", "notes"], in: repo)
        try epochs(12, "twelve epochs")
        try f.expect(0, ["switch", "-c", "feature"], in: repo)
        try epochs(20, "twenty epochs")
        try epochs(30, "<script>alert(1)</script> & thirty")
        try f.expect(0, ["switch", "main"], in: repo)
        return repo
    }

    /// Runs python3 on `script` with `file` as its argument; its stdout.
    func python(_ script: String, _ file: URL, _ f: CLIFixture) throws -> String {
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file.path],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"], in: f.scratch.url)
        #expect(result.status == 0, "python3: \(result.stderrText)")
        return result.stdoutText
    }

    /// Every `<text>` and `<title>` of an SVG file, one per line, read by xml.etree (which fails on
    /// XML that is not well-formed).
    static let svgTexts = """
        import sys, xml.etree.ElementTree as ET
        root = ET.parse(sys.argv[1]).getroot()
        assert root.tag == '{http://www.w3.org/2000/svg}svg', root.tag
        for e in root.iter():
            if e.tag.endswith('}text') or e.tag.endswith('}title'):
                print(e.text or '')
        """

    /// An HTML file read by html.parser: start tags must be closed in order (void elements
    /// aside), no script tag; prints the table cells, then each inline SVG checked by xml.etree.
    static let htmlCells = """
        import sys, re, xml.etree.ElementTree as ET
        from html.parser import HTMLParser
        text = open(sys.argv[1], encoding='utf-8').read()
        assert text.startswith('<!DOCTYPE html>')
        void = {'meta', 'br', 'img', 'link', 'input', 'hr'}
        class P(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True); self.stack = []; self.cells = []; self.cell = None; self.tags = set()
            def handle_starttag(self, tag, attrs):
                self.tags.add(tag)
                if tag not in void: self.stack.append(tag)
                if tag in ('td', 'th'): self.cell = ''
            def handle_startendtag(self, tag, attrs): self.tags.add(tag)
            def handle_endtag(self, tag):
                assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
                self.stack.pop()
                if tag in ('td', 'th'): self.cells.append(self.cell); self.cell = None
            def handle_data(self, data):
                if self.cell is not None: self.cell += data
        p = P(); p.feed(text); p.close()
        assert not p.stack, p.stack
        assert 'script' not in p.tags and 'link' not in p.tags
        assert 'svg' in p.tags and 'table' in p.tags
        for svg in re.findall(r'<svg.*?</svg>', text, re.S): ET.fromstring(svg)
        print('\\n'.join(p.cells))
        """

    @Test("draws metrics across commits as SVG with the values of every run commit")
    func svgAcrossCommits() throws {
        let f = try CLIFixture()
        let repo = try history(f)
        let out = repo.appendingPathComponent("accuracy.svg")
        let result = try f.expect(0, ["plot", "evaluate.accuracy", "-o", "accuracy.svg"], in: repo)
        #expect(result.stdout.isEmpty)
        let texts = try python(Self.svgTexts, out, f).split(separator: "\n").map(String.init)
        #expect(texts.contains("evaluate.accuracy"))
        // Three run commits on main: each labelled by its short id, each value in a tooltip.
        let log = try f.expect(0, ["log", "--json"], in: repo).stdout
        let commits = try #require(try parseJSON(log) as? [[String: Any]]).compactMap { $0["id"] as? String }
        let data = try #require(
            try parseJSON(f.expect(0, ["plot", "evaluate.accuracy", "--json"], in: repo).stdout) as? [String: Any])
        let ids = try #require(data["commits"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids.count == 3 && ids.allSatisfy(commits.contains))
        #expect(ids == commits.filter(ids.contains).reversed())
        for id in ids { #expect(texts.contains(String(id.prefix(7)))) }
        // The plotted values are those `mlv metrics show` reports for each commit.
        let series = try #require(data["series"] as? [[String: Any]])
        #expect(series.count == 1 && series[0]["metric"] as? String == "evaluate.accuracy")
        let values = try #require(series[0]["values"] as? [Double])
        for (id, value) in zip(ids, values) {
            let shown = try f.expect(0, ["metrics", "show", "--json", id], in: repo).stdout
            let rows = try #require(try parseJSON(shown) as? [[String: Any]])
            let row = rows.first { $0["stage"] as? String == "evaluate" && $0["name"] as? String == "accuracy" }
            #expect((row?["new"] as? String).flatMap(Double.init) == value)
        }
        #expect(try String(contentsOf: out, encoding: .utf8).contains("<circle"))
        // Stdout, same bytes; the file was replaced whole, with no temporary file left beside it.
        let stdout = try f.expect(0, ["plot", "evaluate.accuracy", "-o", "-"], in: repo).stdout
        #expect(stdout == (try String(contentsOf: out, encoding: .utf8)))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("an HTML page across two branches: charts, a table of values, escaped subjects")
    func htmlAcrossBranches() throws {
        let f = try CLIFixture()
        let repo = try history(f)
        try f.expect(
            0, ["plot", "evaluate.accuracy", "fit.log_loss", "--revs", "main", "--revs", "feature", "-o", "p.html"],
            in: repo)
        let page = try String(contentsOf: repo.appendingPathComponent("p.html"), encoding: .utf8)
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; thirty"))
        let cells = try python(Self.htmlCells, repo.appendingPathComponent("p.html"), f)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(cells.contains("<script>alert(1)</script> & thirty"))
        for header in ["commit", "subject", "evaluate.accuracy (main)", "fit.log_loss (feature)"] {
            #expect(cells.contains(header), "no column \(header)")
        }
        // Every plotted value is in the table.
        let data = try #require(
            try parseJSON(
                f.expect(
                    0, ["plot", "evaluate.accuracy", "fit.log_loss", "--revs", "main", "--revs", "feature", "--json"],
                    in: repo
                ).stdout) as? [String: Any])
        #expect((data["commits"] as? [Any])?.count == 5)
        for series in try #require(data["series"] as? [[String: Any]]) {
            for case let value as Double in try #require(series["values"] as? [Any]) {
                #expect(cells.contains(String(format: "%.6g", value)), "value \(value) missing")
            }
        }
        // The feature line starts where it forked: the last main commit it shares, then its own two.
        let feature = try #require(
            (data["series"] as? [[String: Any]])?.first { $0["selection"] as? String == "feature" })
        #expect((feature["values"] as? [Any])?.map { $0 is Double } == [false, false, true, true, true])
    }

    @Test("a range leaves out what its start reaches")
    func range() throws {
        let f = try CLIFixture()
        let repo = try history(f)
        let data = try #require(
            try parseJSON(
                f.expect(0, ["plot", "evaluate.accuracy", "--revs", "main..feature", "--json"], in: repo).stdout)
                as? [String: Any])
        let subjects = (data["commits"] as? [[String: Any]])?.compactMap { $0["subject"] as? String }
        #expect(subjects == ["twenty epochs", "<script>alert(1)</script> & thirty"])
    }

    @Test("the confusion matrix of the latest run, as SVG and as HTML with its counts")
    func confusion() throws {
        let f = try CLIFixture()
        let repo = try history(f)
        let data = try #require(
            try parseJSON(
                f.expect(0, ["plot", "--confusion", "feature", "--stage", "evaluate", "--json"], in: repo).stdout)
                as? [String: Any])
        let counts = try #require(data["counts"] as? [[Int]])
        #expect(data["classes"] as? [String] == ["<b>&", "cat", "dog"])
        #expect(counts.joined().reduce(0, +) == 50)
        try f.expect(0, ["plot", "--confusion", "feature", "--stage", "evaluate", "-o", "cm.svg"], in: repo)
        let texts = try python(Self.svgTexts, repo.appendingPathComponent("cm.svg"), f)
            .split(separator: "\n").map(String.init)
        #expect(texts.contains("actual") && texts.contains("predicted") && texts.contains("<b>&"))
        for count in counts.joined() { #expect(texts.contains(String(count))) }
        try f.expect(0, ["plot", "--confusion", "HEAD", "--stage", "fit", "-o", "cm.html"], in: repo)
        let cells = try python(Self.htmlCells, repo.appendingPathComponent("cm.html"), f)
        #expect(cells.contains("<b>&"))
        // Two stages recorded one: the error names both.
        let both = try f.expect(128, ["plot", "--confusion", "HEAD", "-o", "cm.svg"], in: repo)
        #expect(both.stderr.contains("evaluate, fit"))
    }

    @Test("errors: ambiguous, unknown and missing metrics, bad file names")
    func errors() throws {
        let f = try CLIFixture()
        let repo = try history(f)
        let ambiguous = try f.expect(128, ["plot", "accuracy", "-o", "x.svg"], in: repo)
        #expect(ambiguous.stderr.hasPrefix("fatal: metric 'accuracy' is ambiguous: evaluate.accuracy, fit.accuracy\n"))
        let typo = try f.expect(128, ["plot", "evaluate.acuracy", "-o", "x.svg"], in: repo)
        #expect(typo.stderr.contains("fatal: no run reports the metric 'evaluate.acuracy'"))
        #expect(typo.stderr.contains("did you mean \"evaluate.accuracy\"?"))
        let missing = try f.expect(128, ["plot", "perplexity", "-o", "x.svg"], in: repo)
        #expect(missing.stderr.contains("'perplexity'"))
        let before = try f.expect(128, ["plot", "evaluate.accuracy", "--revs", "main..main", "-o", "x.svg"], in: repo)
        #expect(before.stderr.contains("names run records"))
        try f.expect(129, ["plot", "evaluate.accuracy", "-o", "x.png"], in: repo)
        try f.expect(129, ["plot", "evaluate.accuracy"], in: repo)
        let noFolder = try f.expect(128, ["plot", "evaluate.accuracy", "-o", "missing/x.svg"], in: repo)
        #expect(noFolder.stderr.hasPrefix("fatal: cannot write 'missing/x.svg': there is no folder"))
        #expect(!FileManager.default.fileExists(atPath: repo.appendingPathComponent("x.svg").path))
        let html = try f.expect(0, ["plot", "evaluate.accuracy", "-o", "-", "--format", "html"], in: repo)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
    }
}
