import Foundation
import MLVDiff
import Testing

/// Cross-checks with the real `git diff --no-index`. ``TextDiff`` reproduces xdiff's choices
/// (discarding unmatched lines, the split heuristics, sliding and the indent heuristic), so the
/// hunks must be byte-identical, not just equally long; when this fails, first check whether the
/// installed git changed its defaults (the indent heuristic, git ≥ 2.14, is assumed on).
@Suite struct TextDiffGitTests {
    @Test("random edits give git's hunks byte for byte", arguments: 0..<40)
    func randomScenario(seed: UInt64) throws {
        let scenario = TextScenario(seed: seed)
        let ours = TextDiff(old: scenario.old, new: scenario.new, context: scenario.context)
        let git = try GitRunner.diff(old: scenario.old, new: scenario.new, context: scenario.context)
        #expect(
            ours.renderedBytes(oldPath: "old.txt", newPath: "new.txt") == git,
            Comment(
                rawValue: "\(scenario)\n--- git\n\(String(decoding: git, as: UTF8.self))--- mlv\n"
                    + ours.rendered(oldPath: "old.txt", newPath: "new.txt")))
        #expect(patched(scenario.old, with: ours) == scenario.new, "\(scenario)")
    }

    @Test("large scenarios past the cost heuristics give git's hunks", arguments: [1000, 1001, 1002] as [UInt64])
    func largeScenario(seed: UInt64) throws {
        let scenario = TextScenario(seed: seed, maxLines: 3000, maxEdits: 600)
        let ours = TextDiff(old: scenario.old, new: scenario.new, context: scenario.context)
        let git = try GitRunner.diff(old: scenario.old, new: scenario.new, context: scenario.context)
        #expect(ours.renderedBytes(oldPath: "old.txt", newPath: "new.txt") == git, "\(scenario)")
        #expect(patched(scenario.old, with: ours) == scenario.new, "\(scenario)")
    }

    @Test("hand-written edge cases match git", arguments: GitEdgeCase.all)
    func edgeCase(_ edge: GitEdgeCase) throws {
        let ours = TextDiff(old: Array(edge.old.utf8), new: Array(edge.new.utf8))
        let git = try GitRunner.diff(old: Array(edge.old.utf8), new: Array(edge.new.utf8), context: 3)
        #expect(
            ours.renderedBytes(oldPath: "old.txt", newPath: "new.txt") == git,
            "\(edge.name)\n--- git\n\(String(decoding: git, as: UTF8.self))")
    }
}

/// A named pair of texts for ``TextDiffGitTests/edgeCase(_:)``.
struct GitEdgeCase: Sendable, CustomStringConvertible {
    var name: String
    var old: String
    var new: String

    var description: String { name }

    static let all: [GitEdgeCase] = [
        GitEdgeCase(name: "from empty", old: "", new: "a\nb\n"),
        GitEdgeCase(name: "to empty", old: "a\nb\n", new: ""),
        GitEdgeCase(name: "newline added at end", old: "a\nb", new: "a\nb\n"),
        GitEdgeCase(name: "newline removed at end", old: "a\nb\n", new: "a\nb"),
        GitEdgeCase(name: "both without newline", old: "a\nb\nc", new: "a\nB\nc"),
        GitEdgeCase(name: "blank line slides", old: "a\n\nb\n\nc\n", new: "a\n\nb\n\nb\n\nc\n"),
        GitEdgeCase(
            name: "indent heuristic picks the block",
            old: "fn a() {\n    x\n}\n\nfn c() {\n    z\n}\n",
            new: "fn a() {\n    x\n}\n\nfn b() {\n    y\n}\n\nfn c() {\n    z\n}\n"),
        GitEdgeCase(name: "crlf lines", old: "a\r\nb\r\nc\r\n", new: "a\r\nB\r\nc\r\n"),
        GitEdgeCase(
            name: "long function line", old: "f" + String(repeating: "x", count: 120) + "\n1\n2\n3\n4\n5\n",
            new: "f" + String(repeating: "x", count: 120) + "\n1\n2\n3\n4\nfive\n"),
        GitEdgeCase(name: "all lines replaced", old: "a\nb\nc\n", new: "x\ny\nz\n"),
    ]
}
