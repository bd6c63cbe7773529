import Foundation
import MLVDiff
import Testing

@Suite struct TextDiffTests {
    private func diff(_ old: String, _ new: String, context: Int = 3) -> TextDiff {
        TextDiff(old: Array(old.utf8), new: Array(new.utf8), context: context)
    }

    private func numbered(_ range: ClosedRange<Int>) -> String {
        range.map { "\($0)\n" }.joined()
    }

    @Test("equal texts give no hunks and no output") func equal() {
        let same = diff("a\nb\n", "a\nb\n")
        #expect(same.isEmpty && same.insertions == 0 && same.deletions == 0)
        #expect(same.rendered(oldPath: "f", newPath: "f") == "")
        #expect(diff("", "").isEmpty)
    }

    @Test("a one-line change leaves the ,1 counts out of the header") func singleLineHeader() {
        let change = diff("1\n2\n3\n", "1\nX\n3\n", context: 0)
        #expect(change.hunks.map(\.header) == ["@@ -2 +2 @@"])
        #expect(change.insertions == 1 && change.deletions == 1)
    }

    @Test("an empty old text is -0,0 and an empty new text +0,0") func emptySides() {
        #expect(diff("", "a\nb\nc\n").hunks.map(\.header) == ["@@ -0,0 +1,3 @@"])
        #expect(diff("a\nb\nc\n", "").hunks.map(\.header) == ["@@ -1,3 +0,0 @@"])
        #expect(diff("", "a\n").hunks.map(\.header) == ["@@ -0,0 +1 @@"])
    }

    @Test("a pure insertion starts its empty old range at the line before it") func insertionRange() {
        let insertion = diff("1\n2\n", "1\nnew\n2\n", context: 0)
        #expect(insertion.hunks.map(\.header) == ["@@ -1,0 +2 @@"])
    }

    @Test("changes at most twice the context apart share a hunk", arguments: [0, 1, 3])
    func hunkJoining(context: Int) {
        let old = numbered(1...30)
        let gap = 2 * context
        // Lines 5 and 5 + gap + 1 change: `gap` unchanged lines between them.
        let joined = old.replacingOccurrences(of: "\n5\n", with: "\nA\n")
            .replacingOccurrences(of: "\n\(5 + gap + 1)\n", with: "\nB\n")
        #expect(diff(old, joined, context: context).hunks.count == 1)
        let apart = old.replacingOccurrences(of: "\n5\n", with: "\nA\n")
            .replacingOccurrences(of: "\n\(5 + gap + 2)\n", with: "\nB\n")
        #expect(diff(old, apart, context: context).hunks.count == 2)
    }

    @Test("context is cut at the ends of the text") func contextAtEnds() {
        let change = diff("a\nb\nc\n", "a\nB\nc\n", context: 5)
        #expect(change.hunks.map(\.header) == ["@@ -1,3 +1,3 @@"])
        #expect(diff("a\n", "b\n", context: -2).context == 0)
        #expect(diff("a\nb\n", "a\nB\n", context: .max).hunks.map(\.header) == ["@@ -1,2 +1,2 @@"])
    }

    @Test("a missing final newline is marked and makes the last line differ") func noFinalNewline() {
        let change = diff("a\nb", "a\nb\n")
        #expect(change.insertions == 1 && change.deletions == 1)
        #expect(
            change.rendered(oldPath: "f", newPath: "f")
                == "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
        let context = diff("a\nb\nc", "A\nb\nc")
        #expect(context.rendered(oldPath: "f", newPath: "f").hasSuffix(" c\n\\ No newline at end of file\n"))
    }

    @Test("insertions and deletions count the + and - lines") func stat() {
        let change = diff(numbered(1...10), "1\n2\nX\nY\nZ\n4\n5\n6\n10\n")
        #expect(change.insertions == 3)
        #expect(change.deletions == 4)
    }

    @Test("the hunk header carries git's function line") func functionContext() {
        let old = "int main(void) {\n" + numbered(1...10) + "}\n"
        let new = old.replacingOccurrences(of: "\n8\n", with: "\neight\n")
        let change = diff(old, new)
        #expect(change.hunks.first?.function == "int main(void) {")
        #expect(change.rendered(oldPath: "c", newPath: "c").contains("@@ -6,7 +6,7 @@ int main(void) {\n"))
        // A hunk starting at the first line has no line above it.
        #expect(diff("fn a\nb\n", "fn A\nb\n").hunks.first?.function == nil)
    }

    @Test("binary detection looks for a NUL in the first 8000 bytes") func binary() {
        #expect(!TextDiff.isBinary(Array("plain text\n".utf8)[...]))
        #expect(TextDiff.isBinary([0x41, 0x00, 0x42][...]))
        let late = [UInt8](repeating: 0x41, count: 8000) + [0]
        #expect(!TextDiff.isBinary(late[...]))
        #expect(TextDiff.isBinary(late.dropFirst()))
        #expect(!TextDiff.isBinary([][...]))
    }

    @Test("/dev/null paths are printed without a prefix") func devNull() {
        let added = diff("", "x\n").rendered(oldPath: "/dev/null", newPath: "new.txt")
        #expect(added == "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+x\n")
    }

    @Test("JSON has the documented shape") func json() throws {
        let change = diff("f()\na\nb", "f()\na\nc\n")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(change), as: UTF8.self)
        #expect(
            json == #"{"context":3,"deletions":1,"hunks":[{"lines":[{"op":" ","text":"f()"},{"op":" ","text":"a"},"#
                + #"{"noNewline":true,"op":"-","text":"b"},{"op":"+","text":"c"}],"newCount":3,"newStart":1,"#
                + #""oldCount":3,"oldStart":1}],"insertions":1}"#)
    }

    @Test("rendering matches the golden file") func renderingGolden() {
        let old = "import os\n\ndef main():\n" + (1...12).map { "    step(\($0))\n" }.joined() + "    return 0"
        var newLines = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        newLines[4] = "    step(2, fast=True)"
        newLines.insert("    log(\"done\")", at: 13)
        newLines.removeLast()
        newLines.append("    return 1")
        let new = newLines.joined(separator: "\n") + "\n"
        let change = diff(old, new)
        assertDiffGolden(change.rendered(oldPath: "train.py", newPath: "train.py"), named: "textDiffPlain")
        assertDiffGolden(change.rendered(oldPath: "train.py", newPath: "train.py", color: true), named: "textDiffColor")
    }

    @Test("large, very different inputs give a diff that turns old into new") func largeInput() {
        let old = (0..<20_000).map { "a\($0 % 97) \($0 % 13)\n" }.joined()
        let new = (0..<20_000).map { "a\($0 % 89) \($0 % 7)\n" }.joined()
        let change = diff(old, new)
        #expect(change.deletions > 1000 && change.insertions > 1000)
        #expect(patched(Array(old.utf8), with: change) == Array(new.utf8))
    }
}

/// `old` with the hunks of `diff` applied: a check that a diff is correct, whatever its choices.
func patched(_ old: [UInt8], with diff: TextDiff) -> [UInt8] {
    var lines: [ArraySlice<UInt8>] = []
    var start = 0
    for (index, byte) in old.enumerated() where byte == UInt8(ascii: "\n") {
        lines.append(old[start...index])
        start = index + 1
    }
    if start < old.count { lines.append(old[start...]) }
    var out: [UInt8] = []
    var next = 0
    for hunk in diff.hunks {
        let from = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart - 1
        for line in next..<from { out += lines[line] }
        next = from
        for line in hunk.lines {
            switch line.kind {
            case .context:
                out += lines[next]
                next += 1
            case .deleted:
                next += 1
            case .inserted:
                out += line.content + (line.hasNewline ? [UInt8(ascii: "\n")] : [])
            }
        }
    }
    for line in next..<lines.count { out += lines[line] }
    return out
}
