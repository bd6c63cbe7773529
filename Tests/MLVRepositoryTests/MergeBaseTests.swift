import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

/// A criss-cross history: B ← C (main) and B ← D (side); M1 = merge(C, D) on main,
/// M2 = merge(D, C) on side; then one more commit on each. Its tips have two merge bases, C and D.
///
/// `f` changes only in C and `g` only in D, so merging the tips against C alone or D alone
/// conflicts, while the recursive (virtual) base merges cleanly.
struct CrissCross {
    var repo: TempRepository
    var c: ObjectID
    var d: ObjectID
    var m1: ObjectID
    var m2: ObjectID
    var mainTip: ObjectID
    var sideTip: ObjectID

    init() throws {
        repo = try TempRepository()
        try repo.change(["f.txt": "b\n", "g.txt": "b\n"], message: "B")
        try repo.branch("side")
        d = try repo.change(["g.txt": "d\n"], message: "D")
        try repo.switchTo("main")
        c = try repo.change(["f.txt": "c\n"], message: "C")
        m1 = try #require(try repo.merge("side", mergeOptions(.never)).commit)
        try repo.switchTo("side")
        m2 = try #require(try repo.merge(c.description, mergeOptions(.never)).commit)
        sideTip = try repo.change(["g.txt": "side\n"], message: "side tip")
        try repo.switchTo("main")
        mainTip = try repo.change(["f.txt": "main\n"], message: "main tip")
    }
}

@Suite struct MergeBaseTests {
    @Test("a fork's base, a commit and its descendant, a commit with itself")
    func simpleShapes() throws {
        let repo = try TempRepository()
        let a = try repo.change(["a.txt": "1\n"], message: "A")
        let b = try repo.change(["a.txt": "2\n"], message: "B")
        try repo.branch("side")
        let s = try repo.change(["s.txt": "s\n"], message: "S")
        try repo.switchTo("main")
        let c = try repo.change(["a.txt": "3\n"], message: "C")
        let r = repo.repository
        #expect(try r.mergeBases(c, s) == [b])
        #expect(try r.mergeBases(s, c) == [b])
        #expect(try r.mergeBases(a, c) == [a])
        #expect(try r.mergeBases(c, a) == [a])
        #expect(try r.mergeBases(c, c) == [c])
    }

    @Test("a criss-cross history has two best common ancestors")
    func crissCross() throws {
        let h = try CrissCross()
        let r = h.repo.repository
        #expect(try r.commit(h.m1).parents == [h.c, h.d])
        #expect(try r.commit(h.m2).parents == [h.d, h.c])
        #expect(Set(try r.mergeBases(h.mainTip, h.sideTip)) == [h.c, h.d])
        #expect(Set(try r.mergeBases(h.m1, h.m2)) == [h.c, h.d])
        // Deterministic order: same answer both ways round.
        #expect(try r.mergeBases(h.mainTip, h.sideTip) == (try r.mergeBases(h.sideTip, h.mainTip)))
        // Below the criss-cross there is one base again.
        #expect(try r.mergeBases(h.c, h.d) == [try r.resolveCommit("HEAD~2~1")])
    }

    @Test("unrelated histories have no merge base")
    func unrelated() throws {
        let repo = try TempRepository()
        let a = try repo.change(["a.txt": "1\n"], message: "A")
        let other = try otherRoot(repo, tree: repo.repository.commit(a).tree)
        #expect(try repo.repository.mergeBases(a, other).isEmpty)
    }

    @Test("topological order shows no parent before its children, a merge's second line first")
    func topologicalLog() throws {
        let repo = try TempRepository()
        let a = try repo.change(["f": "a\n"], message: "A")
        let b = try repo.change(["f": "b\n"], message: "B")
        try repo.branch("feature")
        let f1 = try repo.change(["x": "1\n"], message: "F1")
        let f2 = try repo.change(["x": "2\n"], message: "F2")
        try repo.switchTo("main")
        let c = try repo.change(["f": "c\n"], message: "C")
        let m = try #require(try repo.merge("feature").commit)
        let order = try repo.repository.log(from: [m], order: .topological).map(\.id)
        #expect(order == [m, f2, f1, c, b, a])
        let range = try repo.repository.log(from: [m], excluding: [c], order: .topological)
        #expect(range.map(\.id) == [m, f2, f1])
        #expect(range.first?.parentsInRange == [f2])
        #expect(try repo.repository.log(from: [m], limit: 2, order: .topological).map(\.id) == [m, f2])
    }
}

/// Writes a second root commit with `tree` and points branch `other` at it.
func otherRoot(_ repo: TempRepository, tree: ObjectID) throws -> ObjectID {
    let who = try TestIdentity.identity.signature(for: repo.repository)
    let writer = try repo.repository.objects.makeWriter()
    let commit = Commit(tree: tree, parents: [], author: who, committer: who, message: "another root\n")
    let id = try writer.put(commit.encoded(), kind: .commit)
    try writer.commit()
    try repo.repository.refs.update(
        try #require(RefName.branch("other")), to: id, expecting: .absent,
        log: ReflogEntryContext(who: who, message: "test"))
    return id
}
