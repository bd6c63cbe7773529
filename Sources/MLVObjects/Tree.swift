import MLVStorage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One directory level: entries sorted by name (docs/FORMAT.md §6.2).
public struct Tree: Sendable, Equatable {
    /// What an entry names. Raw values are part of the format.
    public enum Mode: UInt8, Sendable {
        /// A regular file; the id names a file manifest.
        case file = 1
        /// A regular file with the executable bit.
        case executable = 2
        /// A subdirectory; the id names a tree.
        case directory = 3
        /// A symbolic link; the id names a file manifest holding the link target.
        case symlink = 4

        /// The object kind the entry's id names.
        public var objectKind: ObjectKind { self == .directory ? .tree : .file }

        /// git-style octal mode string for listings.
        public var octal: String {
            switch self {
            case .file: "100644"
            case .executable: "100755"
            case .directory: "040000"
            case .symlink: "120000"
            }
        }
    }

    public struct Entry: Sendable, Equatable {
        public var name: String
        public var mode: Mode
        public var id: ObjectID
        /// File size in bytes for files and links; 0 for directories.
        public var size: UInt64

        public init(name: String, mode: Mode, id: ObjectID, size: UInt64) {
            self.name = name
            self.mode = mode
            self.id = id
            self.size = size
        }
    }

    /// Entries in strictly ascending bytewise order of their UTF-8 names.
    public private(set) var entries: [Entry]

    /// Makes a tree, sorting the entries; throws if a name is invalid or appears twice.
    public init(entries: [Entry]) throws(ObjectsError) {
        let sorted = entries.sorted { Tree.precedes($0.name, $1.name) }
        try Tree.validate(sorted)
        self.entries = sorted
    }

    /// Bytewise order of UTF-8 names, as in the encoding.
    /// - Complexity: O(common prefix); a `memcmp` over native UTF-8 storage.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { left in
            b.withUTF8 { right in
                let common = min(left.count, right.count)
                guard common > 0, let l = left.baseAddress, let r = right.baseAddress else {
                    return left.count < right.count
                }
                let order = unsafe memcmp(l, r, common)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }
    }

    /// Whether `name` may appear in a tree: non-empty, no `/` or NUL, not `.`, `..` or `.mlv`.
    ///
    /// Checkout relies on this to never write outside the worktree or into `.mlv/`.
    public static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 4096, name != ".", name != "..", name != ".mlv" else { return false }
        return !name.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == 0 })
    }

    static func validate(_ entries: [Entry]) throws(ObjectsError) {
        var previous: String?
        for entry in entries {
            guard isValidName(entry.name) else {
                throw ObjectsError(.invalid, "tree entry name '\(entry.name)' is not allowed")
            }
            if let previous, !precedes(previous, entry.name) {
                throw ObjectsError(
                    .invalid,
                    previous == entry.name
                        ? "tree has two entries named '\(entry.name)'"
                        : "tree entries are not sorted: '\(entry.name)' after '\(previous)'")
            }
            previous = entry.name
        }
    }

    /// The entry called `name`, by binary search.
    /// - Complexity: O(log n).
    public func entry(named name: String) -> Entry? {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].name == name { return entries[mid] }
            if Tree.precedes(entries[mid].name, name) { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Canonical encoding: count u32, then per entry mode u8, name length u16, name bytes,
    /// id (32 bytes), size u64; big-endian.
    public func encoded() -> [UInt8] {
        var out = [UInt8]()
        out.appendBigEndian(UInt64(entries.count), width: 4)
        for entry in entries {
            out.append(entry.mode.rawValue)
            let name = Array(entry.name.utf8)
            out.appendBigEndian(UInt64(name.count), width: 2)
            out.append(contentsOf: name)
            entry.id.append(to: &out)
            out.appendBigEndian(entry.size, width: 8)
        }
        return out
    }

    /// Decodes and validates a tree; rejects unsorted, duplicate and unsafe names.
    public init(decoding bytes: [UInt8]) throws(ObjectsError) {
        var parser = ByteParser(bytes, what: "tree")
        let count = try parser.u32()
        guard count <= bytes.count / 43 else { throw parser.truncated(count * 43) }
        var entries = [Entry]()
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let rawMode = try parser.u8()
            guard let mode = Mode(rawValue: rawMode) else {
                throw ObjectsError(.malformed, "tree entry has unknown mode \(rawMode) at offset \(parser.offset - 1)")
            }
            let nameLength = try parser.u16()
            guard let name = String(validating: try parser.take(nameLength), as: UTF8.self) else {
                throw ObjectsError(.malformed, "tree entry name is not UTF-8 at offset \(parser.offset - nameLength)")
            }
            let id = try parser.objectID()
            let size = try parser.u64()
            guard mode != .directory || size == 0 else {
                throw ObjectsError(.invalid, "tree entry '\(name)' is a directory with size \(size)")
            }
            entries.append(Entry(name: name, mode: mode, id: id, size: size))
        }
        try parser.expectEnd()
        try Tree.validate(entries)
        self.entries = entries
    }

    /// The id this tree is stored under.
    public var id: ObjectID { SHA256Hasher.hash(kind: .tree, body: encoded()) }

    /// The empty tree.
    public static let empty: Tree = Tree(uncheckedEntries: [])

    private init(uncheckedEntries: [Entry]) {
        entries = uncheckedEntries
    }
}
