import MLVObjects
import MLVStorage
import Testing

@Suite struct TreeTests {
    static let entries = [
        Tree.Entry(name: "run.sh", mode: .executable, id: repeatedID(0x33), size: 300),
        Tree.Entry(name: "README.md", mode: .file, id: repeatedID(0x11), size: 12),
        Tree.Entry(name: "data", mode: .directory, id: repeatedID(0x22), size: 0),
    ]

    @Test("sorts entries bytewise and round-trips through the canonical encoding")
    func roundTrip() throws {
        let tree = try Tree(entries: Self.entries)
        #expect(tree.entries.map(\.name) == ["README.md", "data", "run.sh"])
        let decoded = try Tree(decoding: tree.encoded())
        #expect(decoded == tree)
        #expect(decoded.id == tree.id)
        #expect(tree.entry(named: "data")?.mode == .directory)
        #expect(tree.entry(named: "missing") == nil)
    }

    @Test("encodes the empty tree as a zero count")
    func emptyTree() throws {
        #expect(Tree.empty.encoded() == [0, 0, 0, 0])
        #expect(try Tree(decoding: [0, 0, 0, 0]) == Tree.empty)
    }

    @Test("matches the known-answer vector in Vectors/tree-small.txt")
    func knownAnswer() throws {
        let vector = try Vector(named: "tree-small")
        let tree = try Tree(entries: Self.entries)
        #expect(hexString(tree.encoded()) == hexString(vector.body))
        #expect(tree.id == vector.id)
        #expect(try Tree(decoding: vector.body) == tree)
    }

    @Test("rejects invalid names when built", arguments: ["", ".", "..", ".mlv", "a/b", "nul\u{0}"])
    func rejectsInvalidNames(name: String) {
        #expect(throws: ObjectsError.self) {
            try Tree(entries: [Tree.Entry(name: name, mode: .file, id: repeatedID(1), size: 1)])
        }
        #expect(!Tree.isValidName(name))
    }

    @Test("rejects invalid names when decoded", arguments: ["..", ".", ".mlv", "a/b"])
    func decodeRejectsInvalidNames(name: String) throws {
        let body = rawTreeBody([(name, 1, repeatedID(1), 1)])
        let error = try #require(throws: ObjectsError.self) { try Tree(decoding: body) }
        #expect(error.code == .invalid)
        #expect(error.message.contains("not allowed"))
    }

    @Test("accepts names that only look special")
    func acceptsOddNames() throws {
        for name in ["...", ".mlvignore", "..a", "a..", " ", "é"] {
            #expect(Tree.isValidName(name), "\(name)")
        }
    }

    @Test("rejects a duplicate name")
    func rejectsDuplicates() throws {
        #expect(throws: ObjectsError.self) {
            try Tree(entries: [
                Tree.Entry(name: "a", mode: .file, id: repeatedID(1), size: 1),
                Tree.Entry(name: "a", mode: .file, id: repeatedID(2), size: 1),
            ])
        }
        let body = rawTreeBody([("a", 1, repeatedID(1), 1), ("a", 1, repeatedID(2), 1)])
        let error = try #require(throws: ObjectsError.self) { try Tree(decoding: body) }
        #expect(error.message.contains("two entries named 'a'"))
    }

    @Test("rejects unsorted entries when decoded")
    func rejectsUnsorted() throws {
        let body = rawTreeBody([("b", 1, repeatedID(1), 1), ("a", 1, repeatedID(2), 1)])
        let error = try #require(throws: ObjectsError.self) { try Tree(decoding: body) }
        #expect(error.code == .invalid)
        #expect(error.message.contains("not sorted"))
    }

    @Test("rejects an unknown mode", arguments: [UInt8(0), 5, 255])
    func rejectsUnknownMode(mode: UInt8) throws {
        let body = rawTreeBody([("a", mode, repeatedID(1), 1)])
        let error = try #require(throws: ObjectsError.self) { try Tree(decoding: body) }
        #expect(error.code == .malformed)
        #expect(error.message.contains("unknown mode \(mode)"))
    }

    @Test("rejects a directory entry with a size")
    func rejectsSizedDirectory() throws {
        let body = rawTreeBody([("d", 3, repeatedID(1), 7)])
        #expect(throws: ObjectsError.self) { try Tree(decoding: body) }
    }

    @Test("rejects every truncation of a valid encoding")
    func rejectsTruncation() throws {
        let encoded = try Tree(entries: Self.entries).encoded()
        for length in 0..<encoded.count {
            #expect(throws: ObjectsError.self, "length \(length)") { try Tree(decoding: Array(encoded.prefix(length))) }
        }
    }

    @Test("rejects trailing bytes")
    func rejectsTrailingBytes() throws {
        let encoded = try Tree(entries: Self.entries).encoded() + [0]
        let error = try #require(throws: ObjectsError.self) { try Tree(decoding: encoded) }
        #expect(error.message.contains("trailing"))
    }

    @Test("rejects a count larger than the body can hold")
    func rejectsHugeCount() {
        #expect(throws: ObjectsError.self) { try Tree(decoding: [0xFF, 0xFF, 0xFF, 0xFF]) }
    }

    @Test("rejects a name that is not UTF-8")
    func rejectsNonUTF8Name() {
        var body = [UInt8]()
        body.put(1, width: 4)
        body += [1, 0, 1, 0xFF] + repeatedID(1).bytes
        body.put(1, width: 8)
        #expect(throws: ObjectsError.self) { try Tree(decoding: body) }
    }
}
