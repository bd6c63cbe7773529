import Foundation
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@testable import MLVPipeline

/// `Drift` on real repositories: streaming across chunks, bounded samples, schema changes, errors.
@Suite struct DriftTests {
    /// A seeded table: a float, an integer, a category, and a quoted text with commas and line breaks.
    static func table(rows: Int, seed: UInt64, shift: Double = 0, categories: [String] = ["a", "b", "c"]) -> String {
        var rng = SplitMix64(seed: seed)
        var text = "x,n,kind,note\n"
        for row in 0..<rows {
            let x = Double(rng.next() % 10_000) / 1000 + shift
            let kind = categories[Int(rng.next() % UInt64(categories.count))]
            let note = row % 7 == 0 ? "\"line one\nline \"\"two\"\", with comma\"" : "plain"
            let n = row % 11 == 0 ? "" : String(rng.next() % 50)
            text += "\(x),\(n),\(kind),\(note)\n"
        }
        return text
    }

    @Test("a table read in many chunks counts every row, quoted line breaks included") func streaming() throws {
        let repo = try TempRepository()
        let text = Self.table(rows: 40_000, seed: 1)
        #expect(text.utf8.count > 800_000)
        try repo.commitFiles(["t.csv": text], message: "one")
        let drift = Drift(repository: repo.repository)
        let report = try drift.compare("HEAD", "HEAD")
        let table = try #require(report.tables.first)
        #expect(table.rowsBefore == 40_000 && table.rowsAfter == 40_000)
        #expect(!report.drifted)
        let n = try #require(table.columns.first { $0.column == "n" })
        #expect(n.kind == .numeric && n.type == "integer")
        #expect(abs((n.before?.missingRate ?? 0) - Double((0..<40_000).filter { $0 % 11 == 0 }.count) / 40_000) < 1e-12)
        let note = try #require(table.columns.first { $0.column == "note" })
        #expect(note.kind == .categorical && note.psi == 0 && note.chiSquarePValue == 1)
    }

    @Test(
        "records split anywhere between pieces (quotes, CRLF) profile as the whole text does", arguments: [1, 7, 4096])
    func pieces(size: Int) throws {
        let text = Array(Self.table(rows: 300, seed: 9).replacingOccurrences(of: "plain\n", with: "plain\r\n").utf8)
        func profile(_ pieceSize: Int) throws -> TableProfile {
            var profile = TableProfile(path: "t.csv", limits: ColumnProfile.Limits())
            var scanner = TableProfile.Scanner(pathExtension: "csv")
            var start = 0
            while start < text.count {
                try scanner.feed(Array(text[start..<min(start + pieceSize, text.count)]), final: false, into: &profile)
                start += pieceSize
            }
            try scanner.feed([], final: true, into: &profile)
            return profile
        }
        let whole = try profile(text.count)
        let split = try profile(size)
        #expect(whole.rows == 300 && split.rows == 300)
        #expect(split.columns.map(\.categories) == whole.columns.map(\.categories))
        #expect(split.columns.map(\.sample) == whole.columns.map(\.sample))
        #expect(whole.columns[3].categories?.count == 2)
    }

    @Test("a shifted numeric column and a new category drift; the same data does not") func verdicts() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["t.csv": Self.table(rows: 3000, seed: 2)], message: "a")
        try repo.commitFiles(["t.csv": Self.table(rows: 3000, seed: 3)], message: "b")
        try repo.commitFiles(
            ["t.csv": Self.table(rows: 3000, seed: 4, shift: 3, categories: ["a", "b", "c", "d"])], message: "c")
        let drift = Drift(repository: repo.repository)
        #expect(!(try drift.compare("HEAD~2", "HEAD~1").drifted))
        let report = try drift.compare("HEAD~1", "HEAD")
        let columns = try #require(report.tables.first?.columns)
        let x = try #require(columns.first { $0.column == "x" })
        #expect(x.drifted && (x.psi ?? 0) > 0.2 && (x.ksPValue ?? 1) < 1e-10)
        let kind = try #require(columns.first { $0.column == "kind" })
        #expect(kind.drifted && kind.newCategories == ["d"] && kind.shifts.first?.category == "d")
        #expect(columns.first { $0.column == "n" }?.drifted == false)
    }

    @Test("past the sample bound, tests run on a deterministic reservoir sample") func sampled() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["t.csv": Self.table(rows: 5000, seed: 5)], message: "a")
        try repo.commitFiles(["t.csv": Self.table(rows: 5000, seed: 6, shift: 0.5)], message: "b")
        var drift = Drift(repository: repo.repository)
        drift.limits = ColumnProfile.Limits(sample: 500, categories: 2)
        let first = try drift.compare("HEAD~1", "HEAD").tables[0].columns
        let second = try drift.compare("HEAD~1", "HEAD").tables[0].columns
        let x = try #require(first.first { $0.column == "x" })
        #expect(x.sampled && x.psi == second.first { $0.column == "x" }?.psi)
        #expect(x.before?.rows == 5000)
        // More categories than the bound: reported, not tested.
        #expect(first.first { $0.column == "kind" }?.kind == .skipped)
    }

    @Test("added, removed and retyped columns are reported as drift") func schema() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["t.csv": "a,b,c\n1,x,2\n2,y,3\n"], message: "a")
        try repo.commitFiles(["t.csv": "a,c,d\n1,two,5\n2,three,6\n"], message: "b")
        let columns = try Drift(repository: repo.repository).compare("HEAD~1", "HEAD").tables[0].columns
        let reasons = Dictionary(uniqueKeysWithValues: columns.map { ($0.column, $0.reasons.joined()) })
        #expect(reasons["b"] == "column removed")
        #expect(reasons["d"] == "column added")
        #expect(reasons["c"] == "type changed from integer to string")
        #expect(columns.filter(\.drifted).map(\.column).sorted() == ["b", "c", "d"])
    }

    @Test("thresholds: per-column overrides and ignored columns") func thresholds() throws {
        let settings = try PipelineFile.parseGates(
            """
            drift:
              psi: 5
              p_value: 0
              columns:
                x: {psi: 0.1}
                kind: {ignore: true}
            """
        ).drift
        let repo = try TempRepository()
        try repo.commitFiles(["t.csv": Self.table(rows: 2000, seed: 2)], message: "a")
        try repo.commitFiles(
            ["t.csv": Self.table(rows: 2000, seed: 4, shift: 3, categories: ["a", "b", "c", "d"])], message: "b")
        let columns = try Drift(repository: repo.repository, settings: settings).compare("HEAD~1", "HEAD")
            .tables[0].columns
        #expect(columns.filter(\.drifted).map(\.column) == ["x"])
        #expect(columns.first { $0.column == "kind" }?.verdict == "skipped")
    }

    @Test("drift settings errors name the key, with a did-you-mean") func settingsErrors() throws {
        #expect(throws: PipelineError.self) { try PipelineFile.parseGates("drift:\n  pvalue: 0.1\n") }
        do {
            _ = try PipelineFile.parseGates("drift:\n  pvalue: 0.1\n")
        } catch {
            #expect(error.message == "mlv.yaml: drift: unknown key \"pvalue\"")
            #expect(error.hint == "did you mean \"p_value\"?")
        }
        do {
            _ = try PipelineFile.parseGates("drift:\n  p_value: 2\n")
        } catch {
            #expect(error.message == "mlv.yaml: drift: \"p_value\" is 2.0, not a number from 0 to 1")
        }
    }

    @Test("a non-table file, a missing path and an unknown revision are errors") func errors() throws {
        let repo = try TempRepository()
        try repo.commitFiles(["t.csv": "a\n1\n", "m.safetensors": "\u{0}\u{0}"], message: "a")
        let drift = Drift(repository: repo.repository)
        #expect(throws: PipelineError.self) {
            try drift.compare("HEAD", "HEAD", paths: [try repo.path("m.safetensors")])
        }
        #expect(throws: PipelineError.self) { try drift.compare("HEAD", "HEAD", paths: [try repo.path("nope.csv")]) }
        #expect(throws: RepositoryError.self) { try drift.compare("nope", "HEAD") }
    }
}
