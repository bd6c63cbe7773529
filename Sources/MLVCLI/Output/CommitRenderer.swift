import Foundation
import MLVObjects
import MLVStorage

/// git-style commit headers and JSON.
enum CommitRenderer {
    static func date(_ signature: Signature) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: signature.timeZoneMinutes * 60)
        formatter.dateFormat = "EEE MMM d HH:mm:ss yyyy"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(signature.time))) + " "
            + signature.timeZoneText
    }

    static func header(_ id: ObjectID, _ commit: Commit) -> String {
        var text = "commit \(id)\n"
        if commit.parents.count > 1 {
            text += "Merge: " + commit.parents.map(\.abbreviated).joined(separator: " ") + "\n"
        }
        text += "Author: \(commit.author.name) <\(commit.author.email)>\n"
        text += "Date:   \(date(commit.author))\n\n"
        for line in commit.message.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
            commit.message.hasSuffix("\n") ? 1 : 0)
        {
            text += "    \(line)\n"
        }
        return text
    }

    static func json(_ id: ObjectID, _ commit: Commit) -> [String: Any] {
        [
            "id": id.description, "tree": commit.tree.description, "parents": commit.parents.map(\.description),
            "author": ["name": commit.author.name, "email": commit.author.email, "time": commit.author.time],
            "committer": [
                "name": commit.committer.name, "email": commit.committer.email, "time": commit.committer.time,
            ],
            "message": commit.message,
        ]
    }
}
