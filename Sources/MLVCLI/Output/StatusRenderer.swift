import Foundation
import MLVRepository

/// Renders a `StatusReport` as git does: long, short/porcelain (`XY path`) and JSON.
enum StatusRenderer {
    static func branchLine(_ head: HeadState) -> String {
        switch head {
        case .branch(let ref, let id): "On branch \(ref.shortName)" + (id == nil ? "\n\nNo commits yet" : "")
        case .detached(let id): "HEAD detached at \(id.abbreviated)"
        }
    }

    static func label(_ kind: TreeChange.Kind) -> String {
        switch kind {
        case .added: "new file:   "
        case .modified: "modified:   "
        case .deleted: "deleted:    "
        case .typeChanged: "typechange: "
        }
    }

    /// Untracked paths, with folders that hold only untracked files collapsed to `dir/`.
    static func collapsedUntracked(_ report: StatusReport, trackedFolders: Set<RepoPath>) -> [String] {
        var out: [String] = []
        for path in report.untracked {
            var top = path
            while !top.parent.isRoot && !trackedFolders.contains(top.parent) { top = top.parent }
            let shown = top == path ? path.rawValue : top.rawValue + "/"
            if out.last != shown { out.append(shown) }
        }
        return out
    }

    static func trackedFolders(_ report: StatusReport) -> Set<RepoPath> {
        var folders: Set<RepoPath> = []
        for change in report.staged + report.unstaged {
            var folder = change.path.parent
            while !folder.isRoot, folders.insert(folder).inserted { folder = folder.parent }
        }
        return folders
    }

    static func long(_ report: StatusReport) -> String {
        var text = branchLine(report.head) + "\n"
        if report.merging && !report.unmerged.isEmpty {
            text += "You have unmerged paths.\n  (fix conflicts and run \"mlv merge --continue\")\n"
            text += "  (use \"mlv merge --abort\" to abort the merge)\n"
        } else if report.merging {
            text +=
                "All conflicts fixed but you are still merging.\n  (use \"mlv merge --continue\" to conclude merge)\n"
        } else if report.mergeInterrupted {
            text += "A merge was interrupted.\n  (use \"mlv merge --abort\" to restore HEAD's files)\n"
        }
        if !report.staged.isEmpty {
            text += "\nChanges to be committed:\n  (use \"mlv reset -- <file>...\" to unstage)\n"
            for change in report.staged { text += "\t\(label(change.kind))\(change.path)\n" }
        }
        if !report.unmerged.isEmpty {
            let deletions = report.unmerged.contains { [.deletedByUs, .deletedByThem, .bothDeleted].contains($0.kind) }
            text += "\nUnmerged paths:\n"
            text +=
                deletions
                ? "  (use \"mlv add/rm <file>...\" as appropriate to mark resolution)\n"
                : "  (use \"mlv add <file>...\" to mark resolution)\n"
            for entry in report.unmerged {
                let label = entry.kind.label + ":"
                text += "\t\(label.padding(toLength: 17, withPad: " ", startingAt: 0))\(entry.path)\n"
            }
        }
        if !report.unstaged.isEmpty {
            text += "\nChanges not staged for commit:\n  (use \"mlv add <file>...\" to update what will be committed)\n"
            for change in report.unstaged { text += "\t\(label(change.kind))\(change.path)\n" }
        }
        let untracked = collapsedUntracked(report, trackedFolders: [])
        if !untracked.isEmpty {
            text += "\nUntracked files:\n  (use \"mlv add <file>...\" to include in what will be committed)\n"
            for path in untracked { text += "\t\(path)\n" }
        }
        if report.isClean {
            text +=
                report.head.commitID == nil
                ? "\nnothing to commit (create files and use \"mlv add\" to track)\n"
                : "nothing to commit, working tree clean\n"
        } else if report.staged.isEmpty {
            text += "\nno changes added to commit (use \"mlv add\")\n"
        }
        return text
    }

    static func short(_ report: StatusReport) -> String {
        var rows: [RepoPath: (Character, Character)] = [:]
        for change in report.staged { rows[change.path, default: (" ", " ")].0 = Character(change.kind.rawValue) }
        for change in report.unstaged { rows[change.path, default: (" ", " ")].1 = Character(change.kind.rawValue) }
        var text = ""
        for entry in report.unmerged { text += "\(entry.kind.rawValue) \(entry.path)\n" }
        for path in rows.keys.sorted() where !report.conflicted.contains(path) {
            guard let (x, y) = rows[path] else { continue }
            text += "\(x)\(y) \(path)\n"
        }
        for path in collapsedUntracked(report, trackedFolders: []) { text += "?? \(path)\n" }
        return text
    }

    static func json(_ report: StatusReport) -> [String: Any] {
        func changes(_ list: [TreeChange]) -> [[String: Any]] {
            list.map { ["path": $0.path.rawValue, "status": $0.kind.rawValue] }
        }
        var head: [String: Any] = [:]
        switch report.head {
        case .branch(let ref, let id):
            head = ["branch": ref.shortName, "commit": id?.description as Any]
        case .detached(let id):
            head = ["detached": true, "commit": id.description]
        }
        return [
            "head": head, "staged": changes(report.staged), "unstaged": changes(report.unstaged),
            "untracked": report.untracked.map(\.rawValue), "conflicted": report.conflicted.map(\.rawValue),
            "clean": report.isClean, "merging": report.merging, "merge_interrupted": report.mergeInterrupted,
            "unmerged": report.unmerged.map { ["path": $0.path.rawValue, "status": $0.kind.rawValue] },
            "merge_helpers": report.mergeHelpers.map(\.rawValue),
        ]
    }
}
