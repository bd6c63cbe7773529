import Foundation
import MLVRemote
import MLVRepository
import MLVStorage
import MLVTestSupport
import MLVWeb
import Testing

/// Every page of the web UI, called directly on the sample repository.
@Suite struct WebPagesTests {
    let sample: WebSample
    let ui: WebUI

    init() throws {
        sample = try WebSample.get()
        ui = sample.ui()
    }

    func head() throws -> ObjectID {
        try #require(try Repository(root: sample.repository).head().commitID)
    }

    @Test("the repository list links each repository's log") func repositoryList() async throws {
        let page = try await ui.get("/")
        #expect(page.status == 200)
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("href=\"/demo/-/log/HEAD\""))
        #expect(page.text.contains("Rename the feature notes"))
        let bare = try await ui.get("/demo")
        #expect(bare.status == 303 && bare.headers["Location"] == "/demo/-/log/HEAD")
    }

    @Test("refs lists branches and tags with their commits") func refs() async throws {
        let page = try await ui.get("/demo/-/refs")
        #expect(page.status == 200)
        for name in ["main", "feature", "v1"] { #expect(page.text.contains(">\(name)</a>")) }
        #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.text.contains("/demo/-/log/%3Cscript%3Ealert%281%29%3C/script%3E"))
        #expect(page.text.contains("Edit the readme") || page.text.contains("Rename the feature notes"))
    }

    @Test("the log draws a graph with the merge and pages by 100") func log() async throws {
        let page = try await ui.get("/demo/-/log/HEAD")
        #expect(page.status == 200)
        #expect(page.text.contains("Merge feature") && page.text.contains("feature notes"))
        #expect(page.text.contains("<svg"))
        // The merge commit's row draws two lines down to its parents' lanes (a fork in the graph).
        #expect(page.text.contains("x1=\"7\" y1=\"12\" x2=\"21\" y2=\"24\""))
        #expect(page.text.contains("tag: v1"))
        var options = WebUI.Options()
        options.logPageSize = 3
        let small = sample.ui(options: options)
        let first = try await small.get("/demo/-/log/main")
        #expect(first.text.contains("?page=2") && !first.text.contains("newer"))
        let second = try await small.get("/demo/-/log/main?page=2")
        #expect(second.status == 200 && second.text.contains("?page=1") && second.text.contains("?page=3"))
        #expect(try await small.get("/demo/-/log/main?page=99").status == 404)
        #expect(try await small.get("/demo/-/log/main?page=zero").status == 400)
        let feature = try await ui.get("/demo/-/log/feature")
        #expect(feature.text.contains("feature notes") && !feature.text.contains("Merge feature"))
    }

    @Test("a commit page shows author, message, parents, changes with sizes, renames and run records")
    func commit() async throws {
        let repository = try Repository(root: sample.repository)
        let head = try head()
        let page = try await ui.get("/demo/-/commit/\(head)")
        #expect(page.status == 200)
        #expect(page.text.contains("Test User") && page.text.contains("Rename the feature notes"))
        #expect(page.text.contains(">R</td>") && page.text.contains("from notes/feature.txt"))
        let parent = try repository.commit(head).parents[0]
        #expect(page.text.contains("/demo/-/commit/\(parent)"))
        #expect(page.text.contains("/demo/-/diff/\(parent)..\(head)/notes/renamed.txt"))
        let run = try await ui.get("/demo/-/commit/HEAD~4")
        #expect(run.text.contains("train longer"))
        #expect(run.text.contains("Run records (3)"))
        #expect(run.text.contains("mlp-classifier") && run.text.contains("epochs = 4"))
        #expect(run.text.contains("seed") && run.text.contains("models/mlp.safetensors"))
        #expect(run.text.contains("accuracy = "))
        #expect(run.text.contains(">M</td>"))
        #expect(run.text.contains(" B</td>") || run.text.contains("KiB</td>"))
        let merge = try await ui.get("/demo/-/commit/HEAD~2")
        #expect(merge.text.contains("Merge feature") && merge.text.contains("against the first parent"))
        #expect(try await ui.get("/demo/-/commit/nonexistent").status == 404)
        #expect(try await ui.get("/demo/-/commit/").status == 404)
    }

    @Test("the tree lists folders and files with sizes at any revision") func tree() async throws {
        let page = try await ui.get("/demo/-/tree/HEAD")
        #expect(page.status == 200)
        #expect(page.text.contains("href=\"/demo/-/tree/HEAD/models\"") && page.text.contains("data.csv"))
        let models = try await ui.get("/demo/-/tree/v1/models")
        #expect(models.text.contains("mlp.safetensors") && models.text.contains(" B</td>"))
        let old = try await ui.get("/demo/-/tree/HEAD~6")
        #expect(old.status == 200 && !old.text.contains("models"))
        let file = try await ui.get("/demo/-/tree/HEAD/data.csv")
        #expect(file.status == 303 && file.headers["Location"] == "/demo/-/blob/HEAD/data.csv")
        #expect(try await ui.get("/demo/-/tree/HEAD/nope").status == 404)
        #expect(try await ui.get("/demo/-/tree/nope").status == 404)
    }

    @Test("a CSV shows as a table a page at a time") func csv() async throws {
        let page = try await ui.get("/demo/-/blob/HEAD/data.csv")
        #expect(page.status == 200)
        #expect(page.text.contains("<th>x1</th><th>x2</th><th>label</th>"))
        #expect(page.text.contains(">100</td>") && !page.text.contains(">101</td>"))
        #expect(page.text.contains("?page=2"))
        let third = try await ui.get("/demo/-/blob/HEAD/data.csv?page=3")
        #expect(third.text.contains(">240</td>") && !third.text.contains(">241</td>") && !third.text.contains("next"))
        #expect(try await ui.get("/demo/-/blob/HEAD/data.csv?page=4").status == 404)
        let cells = try await ui.get("/demo/-/blob/HEAD/cells.csv")
        #expect(cells.text.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
    }

    @Test("a safetensors file lists its tensors; text is previewed with a notice; raw downloads")
    func blobs() async throws {
        let model = try await ui.get("/demo/-/blob/HEAD/models/mlp.safetensors")
        #expect(model.status == 200)
        #expect(model.text.contains("tensors</h2>") && model.text.contains("F32"))
        #expect(model.text.contains("[2, 8]") || model.text.contains("[8, 2]"))
        let long = try await ui.get("/demo/-/blob/HEAD/notes/long.txt")
        #expect(long.text.contains("Showing the first 64.0 KiB"))
        let readme = try await ui.get("/demo/-/blob/HEAD/README.md")
        #expect(readme.text.contains("with more words") && !readme.text.contains("Showing the first"))
        let raw = try await ui.get("/demo/-/raw/HEAD/README.md")
        #expect(raw.status == 200 && raw.text == "# Demo\n\nA sample repository, with more words.\n")
        #expect(raw.headers["Content-Type"] == "application/octet-stream")
        let folder = try await ui.get("/demo/-/blob/HEAD/models")
        #expect(folder.status == 303 && folder.headers["Location"] == "/demo/-/tree/HEAD/models")
        #expect(try await ui.get("/demo/-/raw/HEAD/missing.bin").status == 404)
    }

    @Test("diffs render text, table and tensor changes") func diffs() async throws {
        let text = try await ui.get("/demo/-/diff/HEAD~4..HEAD~3/README.md")
        #expect(text.status == 200)
        #expect(text.text.contains("class=\"del\"") && text.text.contains("class=\"add\""))
        #expect(text.text.contains("with more words"))
        let tensor = try await ui.get("/demo/-/diff/HEAD~5..HEAD~4/models/mlp.safetensors")
        #expect(tensor.text.contains("tensor · ") && tensor.text.contains("max |Δ|"))
        let whole = try await ui.get("/demo/-/diff/HEAD~5..HEAD~4")
        #expect(whole.text.contains("metrics/eval.json") && whole.text.contains("mlv.yaml"))
        let table = try await ui.get("/demo/-/diff/HEAD~2..HEAD~1/cells.csv")
        #expect(table.text.contains("table · ") && table.text.contains("&lt;script&gt;"))
        let root = try await ui.get("/demo/-/diff/..HEAD~6")
        #expect(root.text.contains("empty tree") && root.text.contains("data.csv"))
        let branch = try await ui.get("/demo/-/diff/v1..feature")
        #expect(branch.text.contains("notes/feature.txt"))
        #expect(try await ui.get("/demo/-/diff/nope..HEAD").status == 404)
        #expect(try await ui.get("/demo/-/diff/HEAD").status == 404)
    }

    @Test("metrics list every run commit's values") func metrics() async throws {
        let page = try await ui.get("/demo/-/metrics/HEAD")
        #expect(page.status == 200)
        #expect(page.text.contains("2 commits with run records"))
        #expect(page.text.contains("evaluate.accuracy"))
        #expect(page.text.contains("train longer") && page.text.contains(">train</td>"))
        #expect(page.text.contains("<figure><svg") && page.text.contains("evaluate.accuracy</text>"))
        let one = try await ui.get("/demo/-/metrics/HEAD?metric=evaluate.accuracy")
        #expect(one.text.components(separatedBy: "<figure>").count == 2)
        #expect(try await ui.get("/demo/-/metrics/HEAD?metric=nope").status == 404)
        let none = try await ui.get("/demo/-/metrics/HEAD~6")
        #expect(none.text.contains("names run records"))
    }

    @Test("lineage walks from the model back to the table") func lineage() async throws {
        let page = try await ui.get("/demo/-/lineage/HEAD/models/mlp.safetensors")
        #expect(page.status == 200)
        #expect(page.text.contains("produced by stage <strong>train</strong>"))
        #expect(page.text.contains("produced by stage <strong>split</strong>"))
        #expect(page.text.contains("data.csv") && page.text.contains("source data"))
        #expect(page.text.contains("epochs = 4"))
        let source = try await ui.get("/demo/-/lineage/HEAD/README.md")
        #expect(source.text.contains("no recorded run produced it"))
        #expect(try await ui.get("/demo/-/lineage/HEAD/missing").status == 404)
    }

    @Test("a root that is itself a repository has its pages at /-/") func rootRepository() async throws {
        let temp = try TempRepository()
        let id = try temp.commitFiles(["a.txt": "one\n", "dir/b.csv": "x,y\n1,2\n"], message: "root commit")
        let ui = WebUI(root: temp.root)
        let list = try await ui.get("/")
        #expect(list.text.contains("href=\"/-/log/HEAD\"") && list.text.contains("/ (root)"))
        let log = try await ui.get("/-/log/HEAD")
        #expect(log.status == 200 && log.text.contains("root commit"))
        #expect(try await ui.get("/-/commit/\(id)").status == 200)
        #expect(try await ui.get("/-/blob/main/dir/b.csv").text.contains("<th>x</th><th>y</th>"))
        #expect(try await ui.get("/-/").headers["Location"] == nil)
    }
}
