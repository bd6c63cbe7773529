import Foundation
import MLVTestSupport
import Testing

/// `mlv merge` with the content mergers plugged in: line-level text, row-level tables by key.
@Suite struct ContentMergeTests {
    /// main and a `side` branch, both changed from one base commit by `ours` and `theirs`.
    func diverged(
        _ f: CLIFixture, name: String = "repo", files: [String: String], ours: [String: String],
        theirs: [String: String]
    ) throws -> URL {
        let repo = try f.initRepository(name)
        for (path, text) in files.sorted(by: { $0.key < $1.key }) { try f.write(repo, path, text) }
        try f.expect(0, ["add", "."], in: repo)
        try f.expect(0, ["commit", "-m", "base"], in: repo)
        try f.expect(0, ["switch", "-c", "side"], in: repo)
        for (path, text) in theirs.sorted(by: { $0.key < $1.key }) { try f.write(repo, path, text) }
        try f.expect(0, ["commit", "-a", "-m", "theirs"], in: repo)
        try f.expect(0, ["switch", "main"], in: repo)
        for (path, text) in ours.sorted(by: { $0.key < $1.key }) { try f.write(repo, path, text) }
        try f.expect(0, ["commit", "-a", "-m", "ours"], in: repo)
        return repo
    }

    func read(_ repo: URL, _ path: String) throws -> String {
        try String(contentsOf: repo.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("edits to different lines of a text file combine") func textCombines() throws {
        let f = try CLIFixture()
        let repo = try diverged(
            f, files: ["notes.txt": "one\ntwo\nthree\nfour\nfive\n"],
            ours: ["notes.txt": "ONE\ntwo\nthree\nfour\nfive\n"], theirs: ["notes.txt": "one\ntwo\nthree\nfour\nFIVE\n"]
        )
        try f.expect(0, ["merge", "side"], in: repo)
        #expect(try read(repo, "notes.txt") == "ONE\ntwo\nthree\nfour\nFIVE\n")
    }

    @Test("the same line changed both ways gets line-level markers") func textConflict() throws {
        let f = try CLIFixture()
        let repo = try diverged(
            f, files: ["notes.txt": "one\ntwo\nthree\n"], ours: ["notes.txt": "one\nTWO\nthree\n"],
            theirs: ["notes.txt": "one\n2\nthree\n"])
        try f.expect(1, ["merge", "side"], in: repo)
        #expect(try read(repo, "notes.txt") == "one\n<<<<<<< HEAD\nTWO\n=======\n2\n>>>>>>> side\nthree\n")
    }

    @Test("row edits from both sides of a keyed table combine; the same cell conflicts") func tables() throws {
        let f = try CLIFixture()
        let base = "id,name,price\n1,apple,1.5\n2,pear,2.0\n3,fig,3.25\n"
        let repo = try diverged(
            f, files: ["prices.csv": base, ".mlvattributes": "*.csv key=id\n"],
            ours: ["prices.csv": "id,name,price\n1,apple,1.75\n2,pear,2.0\n3,fig,3.25\n"],
            theirs: ["prices.csv": "id,name,price\n1,apple,1.5\n2,nashi,2.0\n3,fig,3.25\n4,kiwi,0.5\n"])
        try f.expect(0, ["merge", "side"], in: repo)
        #expect(try read(repo, "prices.csv") == "id,name,price\n1,apple,1.75\n2,nashi,2.0\n3,fig,3.25\n4,kiwi,0.5\n")

        let scratch = try diverged(
            f, name: "second", files: ["prices.csv": base, ".mlvattributes": "*.csv key=id\n"],
            ours: ["prices.csv": "id,name,price\n1,apple,1.75\n2,pear,2.0\n3,fig,3.25\n"],
            theirs: ["prices.csv": "id,name,price\n1,apple,1.95\n2,pear,2.0\n3,fig,3.25\n"])
        try f.expect(1, ["merge", "side"], in: scratch)
        #expect(try read(scratch, "prices.csv").contains("1,apple,1.75"))
        #expect(try read(scratch, "prices.csv.theirs").contains("1,apple,1.95"))
        #expect(try read(scratch, "prices.csv.base") == base)
        #expect(try f.expect(0, ["status", "--porcelain"], in: scratch).stdout.contains("UU prices.csv"))
        try f.expect(0, ["merge", "--abort"], in: scratch)
        #expect(try read(scratch, "prices.csv") == "id,name,price\n1,apple,1.75\n2,pear,2.0\n3,fig,3.25\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("prices.csv.theirs").path))
    }
}
