import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

@Suite struct RefStoreTests {
    static let who = Signature(name: "T", email: "t@x", time: 1_700_000_000)
    static let context = ReflogEntryContext(who: who, message: "test: update")

    func ids() -> (ObjectID, ObjectID, ObjectID) {
        var rng = SplitMix64(seed: 1)
        func next() -> ObjectID { ObjectID(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next()) }
        return (next(), next(), next())
    }

    @Test("creates a ref when it is expected absent, then refuses a second create")
    func absent() throws {
        let repo = try TempRepository()
        let refs = repo.repository.refs
        let (a, b, _) = ids()
        let ref = try #require(RefName.branch("topic"))
        try refs.update(ref, to: a, expecting: .absent, log: Self.context)
        #expect(try refs.read(ref) == .direct(a))
        let error = expectRepositoryError(.refConflict) {
            try refs.update(ref, to: b, expecting: .absent, log: Self.context)
        }
        #expect(error?.message.contains("already exists") == true)
        #expect(try refs.read(ref) == .direct(a))
    }

    @Test("compare-and-swap succeeds with the right old value and fails with a wrong one")
    func compareAndSwap() throws {
        let repo = try TempRepository()
        let refs = repo.repository.refs
        let (a, b, c) = ids()
        let ref = try #require(RefName.branch("topic"))
        try refs.update(ref, to: a, expecting: .absent, log: Self.context)
        try refs.update(ref, to: b, expecting: .value(a), log: Self.context)
        #expect(try refs.read(ref) == .direct(b))
        let error = expectRepositoryError(.refConflict) {
            try refs.update(ref, to: c, expecting: .value(a), log: Self.context)
        }
        #expect(error?.message.contains("changed underneath") == true)
        #expect(try refs.read(ref) == .direct(b))
        // A ref that does not exist does not match any expected value.
        let missing = try #require(RefName.branch("missing"))
        expectRepositoryError(.refConflict) { try refs.update(missing, to: c, expecting: .value(a), log: Self.context) }
        #expect(try refs.read(missing) == nil)
        #expect(!FileManager.default.fileExists(atPath: repo.layout.file(for: ref).path + ".lock"))
    }

    @Test("delete checks the expected value and removes the reflog")
    func delete() throws {
        let repo = try TempRepository()
        let refs = repo.repository.refs
        let (a, b, _) = ids()
        let ref = try #require(RefName.branch("group/topic"))
        try refs.update(ref, to: a, expecting: .absent, log: Self.context)
        expectRepositoryError(.refConflict) { try refs.delete(ref, expecting: .value(b)) }
        try refs.delete(ref, expecting: .value(a))
        #expect(try refs.read(ref) == nil)
        #expect(!FileManager.default.fileExists(atPath: repo.layout.log(for: ref).path))
        #expect(!FileManager.default.fileExists(atPath: repo.layout.refs.appendingPathComponent("heads/group").path))
        #expect(
            !FileManager.default.fileExists(atPath: repo.layout.logs.appendingPathComponent("refs/heads/group").path))
        // The folder is gone, so a branch may now take its name.
        let group = try #require(RefName.branch("group"))
        try refs.update(group, to: b, expecting: .absent, log: Self.context)
        #expect(try refs.read(group) == .direct(b))
    }

    @Test("writes one reflog line per update, and mirrors the checked-out branch on HEAD")
    func reflog() throws {
        let repo = try TempRepository()
        let refs = repo.repository.refs
        let (a, b, _) = ids()
        let main = try #require(RefName.branch("main"))
        try refs.update(main, to: a, expecting: .absent, log: ReflogEntryContext(who: Self.who, message: "first"))
        try refs.update(main, to: b, expecting: .value(a), log: ReflogEntryContext(who: Self.who, message: "second"))
        let text = try String(contentsOf: repo.layout.log(for: main), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == "\(ObjectID.zero) \(a) T <t@x> 1700000000 +0000\tfirst")
        #expect(lines[1] == "\(a) \(b) T <t@x> 1700000000 +0000\tsecond")
        let entries = Reflog.read(repo.layout.log(for: main))
        #expect(entries.map(\.message) == ["second", "first"])
        #expect(Reflog.read(repo.layout.log(for: .head)).map(\.new) == [b, a])
    }

    @Test("resolves HEAD through its symbolic ref and lists refs sorted")
    func resolveAndList() throws {
        let repo = try TempRepository()
        let refs = repo.repository.refs
        let (a, b, _) = ids()
        #expect(try refs.read(.head) == .symbolic(try #require(RefName.branch("main"))))
        #expect(try refs.resolve(.head).id == nil)
        try refs.update(try #require(RefName.branch("main")), to: a, expecting: .absent, log: Self.context)
        try refs.update(try #require(RefName.branch("b/x")), to: b, expecting: .absent, log: Self.context)
        try refs.update(try #require(RefName.tag("v1")), to: b, expecting: .absent, log: Self.context)
        #expect(try refs.resolve(.head).id == a)
        #expect(try refs.list(prefix: "refs/heads/").map(\.name.rawValue) == ["refs/heads/b/x", "refs/heads/main"])
        #expect(try refs.list(prefix: "refs/").count == 3)
        try refs.setHead(.direct(b), log: Self.context)
        #expect(try repo.repository.head() == .detached(b))
    }

    @Test("reports a ref file without a newline or with garbage as corrupt")
    func corruptRef() throws {
        let repo = try TempRepository()
        let ref = try #require(RefName.branch("bad"))
        try Data("1234".utf8).write(to: repo.layout.file(for: ref))
        expectRepositoryError(.corrupt) { _ = try repo.repository.refs.read(ref) }
        try Data("not an id\n".utf8).write(to: repo.layout.file(for: ref))
        expectRepositoryError(.corrupt) { _ = try repo.repository.refs.read(ref) }
    }
}

@Suite struct RefNameTests {
    @Test(
        "validates branch names as git's check-ref-format does",
        arguments: [
            ("main", true), ("feature/x", true), ("v1.0", true), ("a-b_c", true), ("ünïcode", true),
            ("", false), ("HEAD", false), ("-dash", false), ("a..b", false), ("a/.hidden", false), (".hidden", false),
            ("a.lock", false), ("a/b.lock/c", false), ("a/", false), ("/a", false), ("a//b", false), ("a.", false),
            ("a b", false), ("a~1", false), ("a^", false), ("a:b", false), ("a?", false), ("a*", false),
            ("a[b", false), ("a\\b", false), ("a@{1}", false), ("@", false), ("tab\t", false), ("del\u{7F}", false),
        ])
    func branchNames(name: String, valid: Bool) {
        #expect(RefName.isValidShortName(name) == valid)
        #expect((RefName.branch(name) != nil) == valid)
        #expect((RefName.tag(name) != nil) == valid)
    }

    @Test("accepts full names only under refs/ or HEAD")
    func fullNames() {
        #expect(RefName("HEAD") != nil)
        #expect(RefName("refs/heads/main")?.shortName == "main")
        #expect(RefName("refs/tags/v1")?.isTag == true)
        #expect(RefName("refs/heads/main")?.isBranch == true)
        #expect(RefName("heads/main") == nil)
        #expect(RefName("refs/heads/../x") == nil)
        #expect(RefName("ORIG_HEAD") == nil)
    }
}
