import MLVRepository

/// `merge` output: git's human messages, a stable `--porcelain` form and JSON.
enum MergeRenderer {
    static func human(_ result: MergeResult) -> String {
        let theirs = result.labels.theirs
        switch result.outcome {
        case .upToDate:
            return "Already up to date.\n"
        case .fastForward:
            var text = ""
            if let previous = result.previous, let commit = result.commit {
                text += "Updating \(previous.abbreviated)..\(commit.abbreviated)\n"
            }
            return text + "Fast-forward\n" + DiffRenderer.stat(result.changes)
        case .merged:
            return result.contentMerged.map { "Auto-merging \($0)\n" }.joined()
                + "Merge made by the 'recursive' strategy.\n" + DiffRenderer.stat(result.changes)
        case .conflicted:
            var text = ""
            let conflicts = Dictionary(uniqueKeysWithValues: result.conflicts.map { ($0.path, $0) })
            for path in Set(result.contentMerged).union(conflicts.keys).sorted() {
                if result.contentMerged.contains(path) { text += "Auto-merging \(path)\n" }
                guard let conflict = conflicts[path] else { continue }
                text += conflictLine(conflict, theirs: theirs) + "\n"
                if let theirsFile = conflict.theirsFile {
                    text += "Kept HEAD's version in \(path); \(theirs)'s version is in \(theirsFile)"
                    text += conflict.baseFile.map { ", the base version in \($0)\n" } ?? "\n"
                }
            }
            return text + "Automatic merge failed; fix conflicts and then commit the result.\n"
        }
    }

    /// git's `CONFLICT (…)` line.
    static func conflictLine(_ conflict: MergeConflict, theirs: String) -> String {
        let path = conflict.path
        switch conflict.reason {
        case .content: return "CONFLICT (content): Merge conflict in \(path)"
        case .addAdd: return "CONFLICT (add/add): Merge conflict in \(path)"
        case .mode: return "CONFLICT (mode): \(path) changed mode differently in HEAD and \(theirs)"
        case .modifyDelete:
            if conflict.kind == .deletedByUs {
                return
                    "CONFLICT (modify/delete): \(path) deleted in HEAD and modified in \(theirs).  Version \(theirs) of \(path) left in tree."
            }
            return
                "CONFLICT (modify/delete): \(path) deleted in \(theirs) and modified in HEAD.  Version HEAD of \(path) left in tree."
        }
    }

    /// One line for the outcome (`up-to-date`, `fast-forward <old|-> <new>`, `merged <id>`,
    /// `conflicted`), then `<XY> <path>` per conflict.
    static func porcelain(_ result: MergeResult) -> String {
        var text: String
        switch result.outcome {
        case .upToDate: text = "up-to-date\n"
        case .fastForward:
            text = "fast-forward \(result.previous?.description ?? "-") \(result.commit?.description ?? "-")\n"
        case .merged: text = "merged \(result.commit?.description ?? "-")\n"
        case .conflicted: text = "conflicted\n"
        }
        for conflict in result.conflicts { text += "\(conflict.kind.rawValue) \(conflict.path)\n" }
        return text
    }

    static func json(_ result: MergeResult) -> [String: Any] {
        [
            "outcome": result.outcome.rawValue, "previous": result.previous?.description as Any,
            "theirs": result.theirs.description, "commit": result.commit?.description as Any,
            "bases": result.bases.map(\.description), "auto_merged": result.contentMerged.map(\.rawValue),
            "changes": result.changes.map(DiffRenderer.json), "warnings": result.warnings,
            "conflicts": result.conflicts.map {
                [
                    "path": $0.path.rawValue, "status": $0.kind.rawValue, "reason": $0.reason.rawValue,
                    "theirs_file": $0.theirsFile?.rawValue as Any, "base_file": $0.baseFile?.rawValue as Any,
                ]
            },
        ]
    }
}
