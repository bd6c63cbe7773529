import Foundation
import MLVDiff
import MLVRepository

/// `mlv diff` output: full diffs, `--stat`, `--name-status` and JSON.
enum DiffRenderer {
    static func nameStatus(_ changes: [TreeChange]) -> String {
        changes.map { "\($0.kind.rawValue)\t\($0.path)\n" }.joined()
    }

    /// One file's diff: a `diff --mlv` header line, then the rendering of its kind.
    static func full(_ diff: FileDiff, maxRows: Int, color: Bool) -> String {
        let path = diff.change.path.rawValue
        let oldName = diff.change.oldID == nil ? "/dev/null" : "a/\(path)"
        let newName = diff.change.newID == nil ? "/dev/null" : "b/\(path)"
        var text = (color ? "\u{1B}[1m" : "") + "diff --mlv a/\(path) b/\(path)" + (color ? "\u{1B}[m" : "") + "\n"
        switch diff.change.kind {
        case .added: text += "new file\n"
        case .deleted: text += "deleted file\n"
        case .typeChanged: text += "type changed\n"
        case .modified: break
        }
        switch diff.content {
        case .text(let textDiff):
            // TextDiff adds git's a/ and b/ prefixes itself.
            text += textDiff.rendered(
                oldPath: diff.change.oldID == nil ? "/dev/null" : path,
                newPath: diff.change.newID == nil ? "/dev/null" : path, color: color)
        case .table(let table):
            text += names(oldName, newName, color) + table.rendered(maxRows: maxRows, color: color)
        case .tensor(let tensors):
            text += names(oldName, newName, color) + tensors.rendered(color: color)
        case .binary(let binary):
            text += "Binary files \(oldName) and \(newName) differ: \(binary.summary)\n"
        }
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    /// File-level stat of tree changes (sizes before and after), as merge and checkout print it.
    static func stat(_ changes: [TreeChange]) -> String {
        var text = ""
        for change in changes {
            let old = change.oldSize.map { TerminalProgress.megabytes(Int($0)) } ?? "-"
            let new = change.newSize.map { TerminalProgress.megabytes(Int($0)) } ?? "-"
            text += " \(change.path) | \(old) -> \(new)\n"
        }
        text += " \(changes.count) file\(changes.count == 1 ? "" : "s") changed\n"
        return text
    }

    /// The `---`/`+++` lines, bold on a terminal as git draws them.
    private static func names(_ old: String, _ new: String, _ color: Bool) -> String {
        color ? "\u{1B}[1m--- \(old)\u{1B}[m\n\u{1B}[1m+++ \(new)\u{1B}[m\n" : "--- \(old)\n+++ \(new)\n"
    }

    /// git's `--stat` shape: ` path | summary`, then a total line.
    static func stat(_ diffs: [FileDiff]) -> String {
        let width = diffs.map { $0.change.path.rawValue.count }.max() ?? 0
        var text = ""
        var insertions = 0
        var deletions = 0
        for diff in diffs {
            let path = diff.change.path.rawValue
            let padded = path + String(repeating: " ", count: width - path.count)
            switch diff.content {
            case .text(let textDiff):
                insertions += textDiff.insertions
                deletions += textDiff.deletions
                let count = textDiff.insertions + textDiff.deletions
                let bar =
                    String(repeating: "+", count: min(textDiff.insertions, 40))
                    + String(repeating: "-", count: min(textDiff.deletions, 40))
                text += " \(padded) | \(count) \(bar)\n"
            default:
                text += " \(padded) | \(diff.summary)\n"
            }
        }
        text += " \(diffs.count) file\(diffs.count == 1 ? "" : "s") changed"
        if insertions > 0 { text += ", \(insertions) insertion\(insertions == 1 ? "" : "s")(+)" }
        if deletions > 0 { text += ", \(deletions) deletion\(deletions == 1 ? "" : "s")(-)" }
        return text + "\n"
    }

    static func json(_ change: TreeChange) -> [String: Any] {
        [
            "path": change.path.rawValue, "status": change.kind.rawValue,
            "old_id": change.oldID?.description as Any, "new_id": change.newID?.description as Any,
            "old_size": change.oldSize as Any, "new_size": change.newSize as Any,
        ]
    }

    /// The file-level fields plus `kind`, `summary` and the kind's own document under its name
    /// (docs/CLI.md, "diff --json").
    static func json(_ diff: FileDiff) throws -> [String: Any] {
        var object = json(diff.change)
        object["kind"] = diff.kind
        object["summary"] = diff.summary
        if !diff.warnings.isEmpty { object["warnings"] = diff.warnings }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        switch diff.content {
        case .text(let value): data = try encoder.encode(value)
        case .table(let value): data = try encoder.encode(value)
        case .tensor(let value): data = try encoder.encode(value)
        case .binary(let value): data = try encoder.encode(value)
        }
        object[diff.kind] = try JSONSerialization.jsonObject(with: data)
        return object
    }
}
