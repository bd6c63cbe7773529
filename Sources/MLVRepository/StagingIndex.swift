import Foundation
import MLVObjects
import MLVStorage

/// The staging area with its stat cache: `.mlv/index` (docs/FORMAT.md §10).
///
/// One entry per tracked file, sorted by path. The stat fields let `status` and `add` skip files
/// whose size, times and inode are unchanged, without reading them.
public struct StagingIndex: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var path: RepoPath
        public var mode: Tree.Mode
        /// The file manifest id (for links: a manifest of the target text).
        public var id: ObjectID
        public var size: UInt64
        public var mtimeNanoseconds: Int64
        public var ctimeNanoseconds: Int64
        public var inode: UInt64
        /// 0 for a normal entry; 1 base, 2 ours, 3 theirs during a merge conflict.
        public var stage: UInt8

        public init(
            path: RepoPath, mode: Tree.Mode, id: ObjectID, size: UInt64, stat: FileStat? = nil, stage: UInt8 = 0
        ) {
            self.path = path
            self.mode = mode
            self.id = id
            self.size = size
            self.mtimeNanoseconds = stat?.mtimeNanoseconds ?? 0
            self.ctimeNanoseconds = stat?.ctimeNanoseconds ?? 0
            self.inode = stat?.inode ?? 0
            self.stage = stage
        }

        /// Whether the file on disk is known unchanged from its stat alone.
        ///
        /// Entries whose mtime is not older than the index write time are "racy": a change in
        /// the same clock tick could keep the stat equal, so they never match.
        public func matches(_ stat: FileStat, indexTime: Int64) -> Bool {
            guard mtimeNanoseconds != 0, mtimeNanoseconds < indexTime else { return false }
            let kindMatches: Bool =
                switch mode {
                case .file: stat.kind == .file && !stat.isExecutable
                case .executable: stat.kind == .file && stat.isExecutable
                case .symlink: stat.kind == .symlink
                case .directory: false
                }
            return kindMatches && stat.size == size && stat.mtimeNanoseconds == mtimeNanoseconds
                && stat.ctimeNanoseconds == ctimeNanoseconds && stat.inode == inode
        }
    }

    static let magic: [UInt8] = Array("MLVS".utf8)
    static let version: UInt32 = 1

    /// Entries sorted by path, then stage.
    public private(set) var entries: [Entry]
    /// When the index file was last written (ns since the epoch); 0 for a new index.
    public var writtenAt: Int64 = 0
    /// The id of the tree the stage-0 entries hash to, when known (a cache, as git's cache-tree):
    /// set by commit, checkout and reset, and cleared by any change to a path, id or mode, so
    /// `status` can tell "nothing staged" without hashing every folder.
    public var treeID: ObjectID?

    public init(entries: [Entry] = []) {
        self.entries = entries.sorted { ($0.path, $0.stage) < ($1.path, $1.stage) }
    }

    public subscript(path: RepoPath) -> Entry? {
        guard let index = position(of: path), entries[index].path == path, entries[index].stage == 0 else {
            return nil
        }
        return entries[index]
    }

    /// First index whose path is not less than `path` (binary search).
    private func position(of path: RepoPath) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].path < path { low = mid + 1 } else { high = mid }
        }
        return low < entries.count ? low : nil
    }

    /// Adds or replaces the stage-0 entry for the path, dropping any conflict stages.
    public mutating func set(_ entry: Entry) {
        let index = position(of: entry.path) ?? entries.count
        if index < entries.count, entries[index].path == entry.path, entries[index].stage == 0,
            index + 1 == entries.count || entries[index + 1].path != entry.path
        {
            // Replacing a normal entry in place; the tree is unchanged when id and mode are.
            if entries[index].id != entry.id || entries[index].mode != entry.mode || entry.stage != 0 { treeID = nil }
            entries[index] = entry
            return
        }
        remove(entry.path)
        treeID = nil
        entries.insert(entry, at: position(of: entry.path) ?? entries.count)
    }

    /// Replaces every stage of `path` with conflict stages (1 base, 2 ours, 3 theirs), so that
    /// the path has no stage-0 entry until the conflict is resolved.
    public mutating func setConflict(_ path: RepoPath, stages: [Entry]) {
        remove(path)
        treeID = nil
        var position = self.position(of: path) ?? entries.count
        for var entry in stages.sorted(by: { $0.stage < $1.stage }) where entry.stage != 0 {
            entry.path = path
            entries.insert(entry, at: position)
            position += 1
        }
    }

    /// The conflict stages of `path` (empty when it has none).
    public func stages(of path: RepoPath) -> [Entry] {
        guard var index = position(of: path) else { return [] }
        var out: [Entry] = []
        while index < entries.count, entries[index].path == path {
            if entries[index].stage != 0 { out.append(entries[index]) }
            index += 1
        }
        return out
    }

    /// Removes every stage of `path`.
    public mutating func remove(_ path: RepoPath) {
        guard var index = position(of: path) else { return }
        while index < entries.count, entries[index].path == path {
            entries.remove(at: index)
            treeID = nil
        }
    }

    /// Entries at or below `path`.
    public func entries(within path: RepoPath) -> [Entry] {
        entries.filter { $0.path.isWithin(path) }
    }

    /// Paths with conflict stages.
    public var conflictedPaths: [RepoPath] {
        var seen: [RepoPath] = []
        for entry in entries where entry.stage != 0 && seen.last != entry.path { seen.append(entry.path) }
        return seen
    }
}

extension StagingIndex {
    /// Encodes: magic `MLVS`, version u32, count u32, tree id (32 bytes, zero when unknown),
    /// entries, SHA-256 trailer (big-endian).
    public func encoded() -> [UInt8] {
        var out = StagingIndex.magic
        out.appendBigEndian(UInt64(StagingIndex.version), width: 4)
        out.appendBigEndian(UInt64(entries.count), width: 4)
        (treeID ?? .zero).append(to: &out)
        for entry in entries {
            let path = Array(entry.path.rawValue.utf8)
            out.appendBigEndian(UInt64(path.count), width: 2)
            out.append(contentsOf: path)
            out.append(entry.mode.rawValue)
            out.append(entry.stage)
            entry.id.append(to: &out)
            out.appendBigEndian(entry.size, width: 8)
            out.appendBigEndian(UInt64(bitPattern: entry.mtimeNanoseconds), width: 8)
            out.appendBigEndian(UInt64(bitPattern: entry.ctimeNanoseconds), width: 8)
            out.appendBigEndian(entry.inode, width: 8)
        }
        SHA256Hasher.hash(out).append(to: &out)
        return out
    }

    /// Decodes and checks the trailer; any damage is an error naming the file and offset.
    public init(decoding bytes: [UInt8], path: String) throws {
        func corrupt(_ why: String) -> RepositoryError {
            RepositoryError(
                .corrupt, "index '\(path)' is corrupt: \(why)",
                hint: "remove it and run 'mlv reset' to rebuild it from HEAD")
        }
        guard bytes.count >= 76, bytes[0..<4].elementsEqual(StagingIndex.magic) else { throw corrupt("bad magic") }
        let bodyEnd = bytes.count - 32
        guard SHA256Hasher.hash(bytes[0..<bodyEnd]) == ObjectID(bytes: bytes, at: bodyEnd) else {
            throw corrupt("checksum mismatch")
        }
        var reader = BinaryCursor(bytes, end: bodyEnd)
        reader.skip(4)
        let version = reader.integer(4)
        guard version == UInt64(StagingIndex.version) else {
            throw RepositoryError(.unsupportedFormat, "index '\(path)' has unknown version \(version)")
        }
        let count = Int(reader.integer(4))
        guard let treeBytes = reader.bytes(32), let tree = ObjectID(bytes: treeBytes) else {
            throw corrupt("truncated header")
        }
        var entries = [Entry]()
        entries.reserveCapacity(min(count, 1 << 20))
        for _ in 0..<count {
            let length = Int(reader.integer(2))
            guard let pathBytes = reader.bytes(length), let text = String(validating: pathBytes, as: UTF8.self),
                unsafe pathBytes.withUnsafeBufferPointer({ unsafe RepoPath.isValid(utf8: $0) })
            else { throw corrupt("bad path at offset \(reader.offset)") }
            let repoPath = RepoPath(unchecked: text)
            guard let modeByte = reader.bytes(1)?.first, let mode = Tree.Mode(rawValue: modeByte),
                let stage = reader.bytes(1)?.first, let idBytes = reader.bytes(32),
                let id = ObjectID(bytes: idBytes)
            else { throw corrupt("truncated entry for '\(text)'") }
            var entry = Entry(path: repoPath, mode: mode, id: id, size: reader.integer(8), stage: stage)
            entry.mtimeNanoseconds = Int64(bitPattern: reader.integer(8))
            entry.ctimeNanoseconds = Int64(bitPattern: reader.integer(8))
            entry.inode = reader.integer(8)
            guard !reader.overrun else { throw corrupt("truncated entry for '\(text)'") }
            entries.append(entry)
        }
        guard reader.offset == bodyEnd else { throw corrupt("trailing bytes at offset \(reader.offset)") }
        self.entries = entries
        self.treeID = tree == .zero ? nil : tree
    }
}

/// A forgiving big-endian reader: reads past the end return zero and set `overrun`.
struct BinaryCursor {
    let bytes: [UInt8]
    /// Where reading stops (the array's end unless given).
    let end: Int
    var offset = 0
    var overrun = false

    init(_ bytes: [UInt8], end: Int? = nil) {
        self.bytes = bytes
        self.end = min(end ?? bytes.count, bytes.count)
    }

    mutating func skip(_ count: Int) { offset += count }

    mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, end - offset >= count else {
            overrun = true
            return nil
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func integer(_ width: Int) -> UInt64 {
        guard let slice = bytes(width) else { return 0 }
        var value: UInt64 = 0
        for byte in slice { value = value << 8 | UInt64(byte) }
        return value
    }
}
