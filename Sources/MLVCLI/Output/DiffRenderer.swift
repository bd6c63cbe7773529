import MLVRepository

/// File-level diff output: `--name-status`, `--stat` and JSON.
enum DiffRenderer {
    static func nameStatus(_ changes: [TreeChange]) -> String {
        changes.map { "\($0.kind.rawValue)\t\($0.path)\n" }.joined()
    }

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

    static func json(_ change: TreeChange) -> [String: Any] {
        [
            "path": change.path.rawValue, "status": change.kind.rawValue,
            "old_id": change.oldID?.description as Any, "new_id": change.newID?.description as Any,
            "old_size": change.oldSize as Any, "new_size": change.newSize as Any,
        ]
    }
}
