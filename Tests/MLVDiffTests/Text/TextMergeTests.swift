import Foundation
import MLVDiff
import Testing

@Suite struct TextMergeTests {
    private func merge(_ base: String, _ ours: String, _ theirs: String) -> (text: String, conflicts: Int) {
        let result = TextMerge.merge(
            base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), oursLabel: "ours",
            theirsLabel: "theirs")
        return (String(decoding: result.merged, as: UTF8.self), result.conflicts)
    }

    private let base = "1\n2\n3\n4\n5\n6\n7\n8\n9\n"

    @Test("changes to different lines combine") func nonOverlapping() {
        let result = merge(base, "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\n5\n6\n7\nEIGHT\n9\n")
        #expect(result.conflicts == 0)
        #expect(result.text == "1\nTWO\n3\n4\n5\n6\n7\nEIGHT\n9\n")
    }

    @Test("a change only one side made is taken") func oneSided() {
        #expect(merge(base, base, "x\n" + base) == ("x\n" + base, 0))
        #expect(merge(base, base + "y\n", base) == (base + "y\n", 0))
    }

    @Test("the same change on both sides is taken once") func identical() {
        let changed = "1\n2\nthree\n4\n5\n6\n7\n8\n9\n"
        #expect(merge(base, changed, changed) == (changed, 0))
        let both = merge(base, "0\n" + changed, changed + "10\n")
        #expect(both == ("0\n" + changed + "10\n", 0))
    }

    @Test("different changes to the same lines conflict with git's markers") func conflict() {
        let result = merge(base, "1\n2\nours\n4\n5\n6\n7\n8\n9\n", "1\n2\ntheirs\n4\n5\n6\n7\n8\n9\n")
        #expect(result.conflicts == 1)
        #expect(result.text == "1\n2\n<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\n4\n5\n6\n7\n8\n9\n")
    }

    @Test("changes to adjacent lines conflict, as in git") func adjacent() {
        let result = merge(base, "1\n2\nA\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\nB\n5\n6\n7\n8\n9\n")
        #expect(result.conflicts == 1)
        #expect(result.text.contains("<<<<<<< ours\nA\n4\n=======\n3\nB\n>>>>>>> theirs\n"))
    }

    @Test("a conflict is narrowed to the lines the sides disagree on") func narrowed() {
        let result = merge(base, "1\n2\nX\nsame\n5\n6\n7\n8\n9\n", "1\n2\nY\nsame\n5\n6\n7\n8\n9\n")
        #expect(result.conflicts == 1)
        #expect(result.text == "1\n2\n<<<<<<< ours\nX\n=======\nY\n>>>>>>> theirs\nsame\n5\n6\n7\n8\n9\n")
    }

    @Test("a side without a final newline gets one before the marker") func missingNewline() {
        let result = merge("a\nb\n", "a\nours", "a\ntheirs")
        #expect(result.conflicts == 1)
        #expect(result.text == "a\n<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\n")
    }

    @Test("conflicts are counted one per marker block") func twoConflicts() {
        let ours = "1\nA\n3\n4\n5\n6\n7\nA\n9\n"
        let theirs = "1\nB\n3\n4\n5\n6\n7\nB\n9\n"
        let result = merge(base, ours, theirs)
        #expect(result.conflicts == 2)
        #expect(result.text.components(separatedBy: "<<<<<<< ours\n").count == 3)
        assertDiffGolden(result.text, named: "textMergeConflicts")
    }

    @Test("random merges equal git merge-file", arguments: 0..<30)
    func randomAgainstGit(seed: UInt64) throws {
        let scenario = MergeScenario(seed: seed)
        let ours = TextMerge.merge(
            base: scenario.base, ours: scenario.ours, theirs: scenario.theirs, oursLabel: "ours", theirsLabel: "theirs")
        let git = try GitRunner.mergeFile(
            base: scenario.base, ours: scenario.ours, theirs: scenario.theirs, oursLabel: "ours", theirsLabel: "theirs")
        #expect(
            ours.merged == git.merged,
            Comment(
                rawValue: "\(scenario)\n--- git\n\(String(decoding: git.merged, as: UTF8.self))--- mlv\n"
                    + String(decoding: ours.merged, as: UTF8.self)))
        #expect(ours.conflicts == git.conflicts, "\(scenario)")
    }

    @Test("hand-written merges equal git merge-file") func handWrittenAgainstGit() throws {
        let cases: [(String, String, String)] = [
            (base, "1\n2\nours\n4\n5\n6\n7\n8\n9\n", "1\n2\ntheirs\n4\n5\n6\n7\n8\n9\n"),
            (base, "1\n2\nA\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\nB\n5\n6\n7\n8\n9\n"),
            ("a\nb\n", "a\nours", "a\ntheirs"),
            (base, "1\nA\n3\n4\n5\n6\n7\nA\n9\n", "1\nB\n3\n4\n5\n6\n7\nB\n9\n"),
            (base, "1\nA\n3\n}\n5\n6\n7\n8\n9\n", "1\nB\n3\n}\n5\n6\n7\n8\n9\n"),
            ("", "new\n", "other\n"),
        ]
        for (base, ours, theirs) in cases {
            let result = TextMerge.merge(
                base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), oursLabel: "mine",
                theirsLabel: "yours")
            let git = try GitRunner.mergeFile(
                base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), oursLabel: "mine",
                theirsLabel: "yours")
            #expect(result.merged == git.merged, "\(ours) / \(theirs)")
            #expect(result.conflicts == git.conflicts)
        }
    }
}
