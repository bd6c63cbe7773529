import MLVRepository
import MLVStorage

/// `mlv.lock`: the mlv commit whose data belongs to a git commit, and each tracked file's id,
/// as sorted, diff-friendly text that git versions (docs/FORMAT.md, "mlv.lock").
///
///     # mlv.lock: data for this git commit, written by mlv; do not edit (docs/GIT.md)
///     mlv-lock 1
///     commit 9f2c…<64 hex>
///     3b1a…<64 hex> 1048576 data/train.csv
///     "…" quoted paths for names with control characters, `"` or `\` (git's C-style quoting)
public struct DataLock: Sendable, Equatable {
    /// One tracked file.
    public struct Entry: Sendable, Equatable {
        public var path: RepoPath
        public var id: ObjectID
        public var size: UInt64

        public init(path: RepoPath, id: ObjectID, size: UInt64) {
            self.path = path
            self.id = id
            self.size = size
        }
    }

    /// The format version this build writes and reads.
    public static let version = 1
    /// The lock's name at the git worktree's root.
    public static let fileName = "mlv.lock"
    static let comment = "# mlv.lock: data for this git commit, written by mlv; do not edit (docs/GIT.md)"

    /// The mlv commit of the tracked data.
    public var commit: ObjectID
    /// The tracked files, sorted by path.
    public var entries: [Entry]

    public init(commit: ObjectID, entries: [Entry]) {
        self.commit = commit
        self.entries = entries.sorted { $0.path < $1.path }
    }

    /// The file's text; equal locks give equal bytes.
    public func serialized() -> String {
        var lines = [DataLock.comment, "mlv-lock \(DataLock.version)", "commit \(commit)"]
        for entry in entries { lines.append("\(entry.id) \(entry.size) \(PathQuoting.quote(entry.path.rawValue))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses a lock; `source` names it in errors (a path, or `HEAD:mlv.lock`).
    /// - Throws: `.malformedLock` naming the line, and for versions this build does not read.
    public init(parsing text: String, source: String) throws(GitError) {
        func malformed(_ line: Int, _ problem: String) -> GitError {
            GitError(
                .malformedLock, "\(source):\(line): \(problem)", hint: "restore it with 'git checkout -- mlv.lock'")
        }
        var commit: ObjectID?
        var sawVersion = false
        var entries: [Entry] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawVersion {
                guard line.hasPrefix("mlv-lock "), let version = Int(line.dropFirst("mlv-lock ".count)) else {
                    throw malformed(number, "expected 'mlv-lock \(DataLock.version)' before anything else")
                }
                guard version == DataLock.version else {
                    throw GitError(
                        .malformedLock,
                        "\(source) has format version \(version); this mlv reads version \(DataLock.version)",
                        hint: version > DataLock.version ? "upgrade mlv" : nil)
                }
                sawVersion = true
                continue
            }
            if line.hasPrefix("commit ") {
                guard commit == nil, let id = ObjectID(hex: String(line.dropFirst("commit ".count))) else {
                    throw malformed(number, "expected one 'commit <64 hex digits>' line")
                }
                commit = id
                continue
            }
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let id = ObjectID(hex: String(fields[0])), let size = UInt64(fields[1]) else {
                throw malformed(number, "expected '<file id> <size> <path>'")
            }
            guard let text = PathQuoting.unquote(String(fields[2])), let path = RepoPath(text), !path.isRoot else {
                throw malformed(number, "invalid path \(fields[2])")
            }
            if let last = entries.last, !(last.path < path) {
                throw malformed(number, "paths are not sorted or not unique at '\(path)'")
            }
            entries.append(Entry(path: path, id: id, size: size))
        }
        guard sawVersion else { throw malformed(1, "the file is empty") }
        guard let commit else { throw malformed(1, "no 'commit' line") }
        self.commit = commit
        self.entries = entries
    }
}

/// git's C-style path quoting (`core.quotePath=false`): paths with control characters, `"`
/// or `\` are written in double quotes with `\\`, `\"`, `\t`, `\n`, `\r` and `\ooo` escapes.
enum PathQuoting {
    static func needsQuoting(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    static func quote(_ text: String) -> String {
        guard needsQuoting(text) else { return text }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x09: out += Array("\\t".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0..<0x20, 0x7F:
                out.append(UInt8(ascii: "\\"))
                for shift in [6, 3, 0] { out.append(UInt8(ascii: "0") + (byte >> UInt8(shift)) & 7) }
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// The path a quoted or plain field names, or nil when the quoting is broken.
    static func unquote(_ field: String) -> String? {
        let bytes = Array(field.utf8)
        guard bytes.first == UInt8(ascii: "\"") else { return field }
        guard bytes.count >= 2, bytes.last == UInt8(ascii: "\"") else { return nil }
        var out: [UInt8] = []
        var index = 1
        let end = bytes.count - 1
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < end else { return nil }
            let next = bytes[index + 1]
            switch next {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(next)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard index + 3 < end + 1, index + 3 <= end else { return nil }
                var value = 0
                for digit in bytes[(index + 1)...(index + 3)] {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(digit) else { return nil }
                    value = value * 8 + Int(digit - UInt8(ascii: "0"))
                }
                guard value < 256 else { return nil }
                out.append(UInt8(value))
                index += 4
                continue
            default: return nil
            }
            index += 2
        }
        return String(validating: out, as: UTF8.self)
    }
}
