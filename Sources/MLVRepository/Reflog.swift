import Foundation
import MLVObjects
import MLVStorage

/// Who changed a ref and why, for the reflog.
public struct ReflogEntryContext: Sendable {
    public var who: Signature
    public var message: String

    public init(who: Signature, message: String) {
        self.who = who
        self.message = message
    }
}

/// One reflog line: `<old> <new> <signature>\t<message>\n` (docs/FORMAT.md §8.3).
public struct ReflogEntry: Sendable, Equatable {
    public var old: ObjectID
    public var new: ObjectID
    public var who: Signature
    public var message: String

    public var line: String {
        let oneLine = message.replacingOccurrences(of: "\n", with: " ")
        return "\(old) \(new) \(who.encoded)\t\(oneLine)\n"
    }

    public init(old: ObjectID, new: ObjectID, who: Signature, message: String) {
        self.old = old
        self.new = new
        self.who = who
        self.message = message
    }

    public init?(line: Substring) {
        let fields = line.split(separator: " ", maxSplits: 2)
        guard fields.count == 3, let old = ObjectID(hex: fields[0]), let new = ObjectID(hex: fields[1]),
            let tab = fields[2].firstIndex(of: "\t"), let who = Signature(parsing: fields[2][..<tab])
        else { return nil }
        self.init(old: old, new: new, who: who, message: String(fields[2][fields[2].index(after: tab)...]))
    }
}

public enum Reflog {
    /// Appends one line with O_APPEND; a torn last line is skipped by readers.
    static func append(_ entry: ReflogEntry, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(entry.line.utf8))
    }

    /// The entries of a reflog, newest first.
    public static func read(_ url: URL) -> [ReflogEntry] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").compactMap { ReflogEntry(line: $0) }.reversed()
    }
}
