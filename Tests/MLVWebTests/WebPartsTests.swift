import MLVFormats
import MLVStorage
import Testing

@testable import MLVWeb

/// The parts the pages are built from: escaping, URL segments, the CSV pager and the graph.
@Suite struct WebPartsTests {
    @Test("escaping covers element text and both attribute quotes") func escaping() {
        #expect(
            HTML.escape("<a href=\"x\" title='y'>&</a>")
                == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(HTML.segment("a b/<c>?%") == "a%20b%2F%3Cc%3E%3F%25")
        #expect(HTML.path("dir/<x>.txt") == "dir/%3Cx%3E.txt")
        #expect("%3Cx%3E".removingPercentEncodingStrict() == "<x>")
        #expect("%zz".removingPercentEncodingStrict() == nil)
        #expect("%ff".removingPercentEncodingStrict() == nil)
    }

    @Test("dates, sizes and numbers for people") func formatting() {
        #expect(
            HTML.date(.init(name: "", email: "", time: 1_700_000_000, timeZoneMinutes: 60)) == "2023-11-14 23:13 +0100")
        #expect(HTML.date(.init(name: "", email: "", time: -86400)) == "1969-12-31 00:00 +0000")
        #expect(HTML.size(812) == "812 B" && HTML.size(4096) == "4.0 KiB" && HTML.size(3 << 20) == "3.0 MiB")
        #expect(HTML.number(3) == "3" && HTML.number(0.25) == "0.25")
    }

    @Test("the login form only returns to paths on this server") func localPaths() {
        #expect(WebUI.localPath("/demo/-/refs") == "/demo/-/refs")
        #expect(WebUI.localPath("//evil.example/") == nil)
        #expect(WebUI.localPath("/\\evil.example") == nil)
        #expect(WebUI.localPath("https://evil.example") == nil)
        #expect(WebUI.localPath(nil) == nil)
    }

    @Test(
        "the CSV pager keeps the header and one page, with quoted newlines across chunks", arguments: [1, 3, 7, 1000])
    func pager(chunkSize: Int) {
        var text = "id,note\n"
        for row in 1...25 { text += row % 5 == 0 ? "\(row),\"two\nlines, quoted \"\"x\"\"\"\n" : "\(row),plain\n" }
        let bytes = Array(text.utf8)
        var pager = CSVPager(dialect: .csv, firstRow: 10, rowCount: 10)
        for start in stride(from: 0, to: bytes.count, by: chunkSize) where !pager.hasMore {
            pager.feed(Array(bytes[start..<min(start + chunkSize, bytes.count)]))
        }
        #expect(String(decoding: pager.header, as: UTF8.self) == "id,note\n")
        #expect(pager.rowsKept == 10 && pager.hasMore)
        var reader = CSVReader(bytes: pager.header + pager.rows, dialect: .csv)
        var ids: [String] = []
        var notes: [String] = []
        while (try? reader.next()) == true {
            ids.append(reader.string(0))
            notes.append(reader.string(1))
        }
        #expect(ids == ["id"] + (11...20).map(String.init))
        #expect(notes[5] == "two\nlines, quoted \"x\"")

        var last = CSVPager(dialect: .csv, firstRow: 20, rowCount: 10)
        last.feed(bytes)
        #expect(last.rowsKept == 5 && !last.hasMore)
    }

    @Test("the graph forks at a merge and joins where the lines meet") func graph() {
        func id(_ byte: UInt64) -> ObjectID { ObjectID(w0: byte, w1: 0, w2: 0, w3: 0) }
        // m merges a (first parent) and b; both come from r.
        var graph = LogGraph()
        let merge = graph.next(id(1), parents: [id(2), id(3)])
        #expect(merge.column == 0 && merge.width == 2)
        #expect(merge.lines.filter(\.fromDot).map(\.to) == [0, 1])
        let b = graph.next(id(3), parents: [id(4)])
        #expect(b.column == 1)
        #expect(b.lines.contains(LogGraph.Line(from: 0, to: 0, toDot: false, fromDot: false)))
        let a = graph.next(id(2), parents: [id(4)])
        #expect(a.column == 0)
        // a's parent already waits in lane 1: the line crosses over to it.
        #expect(a.lines.contains(LogGraph.Line(from: 0, to: 1, toDot: false, fromDot: true)))
        let root = graph.next(id(4), parents: [])
        #expect(root.column == 1 && root.lines.allSatisfy(\.toDot))
        #expect(LogGraph.svg(root, width: 2).hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"28\""))
    }
}
