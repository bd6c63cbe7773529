import MLVObjects
import MLVStorage
import Testing

@Suite struct CommitTests {
    static let author = Signature(name: "Test User", email: "test@example.com", time: 1_700_000_000)
    static let committer = Signature(name: "Other", email: "o@example.com", time: 1_700_000_100, timeZoneMinutes: -90)
    static let treeID = ObjectID(hex: "473d820165bd3189939bae2ba4b1e0fea66add81ef1db6a2563ee6cc39df377f")

    static func sample() throws -> Commit {
        Commit(
            tree: try #require(treeID), parents: [repeatedID(0x44)], author: author, committer: committer,
            message: "first\n\nbody line\n")
    }

    static let validText = """
        tree \(String(repeating: "ab", count: 32))
        author A <a@x> 1 +0000
        committer A <a@x> 1 +0000

        msg
        """

    @Test("round-trips with zero, one and two parents and an optional run record")
    func roundTrip() throws {
        var commit = try Self.sample()
        for parents in [[], [repeatedID(1)], [repeatedID(1), repeatedID(2)]] {
            commit.parents = parents
            #expect(try Commit(decoding: commit.encoded()) == commit)
        }
        commit.runRecord = repeatedID(9)
        let decoded = try Commit(decoding: commit.encoded())
        #expect(decoded.runRecord == repeatedID(9))
        #expect(decoded == commit)
        #expect(commit.subject == "first")
    }

    @Test("round-trips a name that starts with a combining mark and a message with CRLF and emoji")
    func unusualText() throws {
        var commit = try Self.sample()
        commit.author = Signature(name: "\u{301}e\u{301}", email: "é@example.com", time: 5)
        commit.message = "👩‍🔬 résumé\r\nsecond line\r\n"
        let decoded = try Commit(decoding: commit.encoded())
        #expect(decoded == commit)
        #expect(decoded.id == commit.id)
    }

    @Test("matches the known-answer vector in Vectors/commit-small.txt")
    func knownAnswer() throws {
        let vector = try Vector(named: "commit-small")
        let commit = try Self.sample()
        #expect(String(decoding: commit.encoded(), as: UTF8.self) == String(decoding: vector.body, as: UTF8.self))
        #expect(commit.id == vector.id)
        #expect(try Commit(decoding: vector.body) == commit)
    }

    @Test("accepts the minimal valid text")
    func minimal() throws {
        let commit = try Commit(decoding: Array(Self.validText.utf8))
        #expect(commit.parents.isEmpty)
        #expect(commit.message == "msg")
    }

    @Test(
        "rejects malformed commits",
        arguments: [
            ("no blank line", "tree \(String(repeating: "ab", count: 32))\n"),
            ("missing tree", "author A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nm"),
            ("short id", "tree abcd\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nm"),
            (
                "uppercase id",
                "tree \(String(repeating: "AB", count: 32))\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nm"
            ),
            (
                "bad signature",
                "tree \(String(repeating: "ab", count: 32))\nauthor A a@x 1 +0000\ncommitter A <a@x> 1 +0000\n\nm"
            ),
            (
                "bad zone",
                "tree \(String(repeating: "ab", count: 32))\nauthor A <a@x> 1 0000\ncommitter A <a@x> 1 +0000\n\nm"
            ),
            (
                "bad time",
                "tree \(String(repeating: "ab", count: 32))\nauthor A <a@x> soon +0000\ncommitter A <a@x> 1 +0000\n\nm"
            ),
            (
                "unknown header",
                "tree \(String(repeating: "ab", count: 32))\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\nextra x\n\nm"
            ),
            (
                "header out of order",
                "tree \(String(repeating: "ab", count: 32))\ncommitter A <a@x> 1 +0000\nauthor A <a@x> 1 +0000\n\nm"
            ),
            ("header without value", "tree\n\nm"),
        ])
    func rejectsMalformed(label: String, text: String) {
        #expect(throws: ObjectsError.self, "\(label)") { try Commit(decoding: Array(text.utf8)) }
    }

    @Test("names an unknown header in its error")
    func unknownHeaderMessage() throws {
        let text = Self.validText.replacingOccurrences(of: "\n\nmsg", with: "\ngpgsig xyz\n\nmsg")
        let error = try #require(throws: ObjectsError.self) { try Commit(decoding: Array(text.utf8)) }
        #expect(error.message.contains("unknown header 'gpgsig'"))
    }

    @Test("rejects bytes that are not UTF-8")
    func rejectsNonUTF8() {
        #expect(throws: ObjectsError.self) { try Commit(decoding: Array(Self.validText.utf8) + [0xFF]) }
    }
}

@Suite struct SignatureTests {
    @Test("formats and parses time zones", arguments: [0, 60, -90, 330, -720, 840])
    func zones(minutes: Int) throws {
        let signature = Signature(name: "N", email: "e@x", time: 42, timeZoneMinutes: minutes)
        let parsed = try #require(Signature(parsing: Substring(signature.encoded)))
        #expect(parsed == signature)
    }

    @Test(
        "rejects malformed lines", arguments: ["", "N e@x 1 +0000", "N <e@x> 1", "N <e@x> x +0000", "N <e@x> 1 +000"])
    func rejects(line: String) {
        #expect(Signature(parsing: Substring(line)) == nil)
    }

    @Test("is invalid when name or email would break the line")
    func validity() {
        #expect(Signature(name: "A", email: "a@x", time: 0).isValid)
        #expect(!Signature(name: "A<", email: "a@x", time: 0).isValid)
        #expect(!Signature(name: "A", email: "a\n@x", time: 0).isValid)
    }
}
