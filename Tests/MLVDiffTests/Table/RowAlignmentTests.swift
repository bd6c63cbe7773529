import MLVStorage
import Testing

@testable import MLVDiff

@Suite struct RowAlignmentTests {
    /// The length of a longest common subsequence of `a` and `b` (dynamic programming).
    static func lcsLength(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var current = [Int](repeating: 0, count: b.count + 1)
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            previous = current
        }
        return previous[b.count]
    }

    /// Checks that `matches` pairs equal values and increases in both sequences; returns the
    /// number of matched pairs.
    static func checkedMatchCount(_ matches: [Int32], _ a: [UInt64], _ b: [UInt64]) -> Int {
        var last = -1
        var count = 0
        for (i, j) in matches.enumerated() where j >= 0 {
            #expect(Int(j) > last && a[i] == b[Int(j)])
            last = Int(j)
            count += 1
        }
        return count
    }

    /// Two seeded sequences over a small alphabet: `b` is `a` with random edits.
    static func sequences(seed: UInt64, length: Int, alphabet: Int) -> ([UInt64], [UInt64]) {
        var random = SplitMix64(seed: seed)
        let a = (0..<length).map { _ in UInt64(random.int(in: 0...(alphabet - 1))) }
        var b = a
        for _ in 0..<random.int(in: 0...(length / 3 + 1)) {
            let index = random.int(in: 0...max(0, b.count - 1))
            switch random.int(in: 0...2) {
            case 0: b.insert(UInt64(random.int(in: 0...(alphabet - 1))), at: min(index, b.count))
            case 1: if !b.isEmpty { b.remove(at: index) }
            default: if !b.isEmpty { b[index] = UInt64(random.int(in: 0...(alphabet - 1))) }
            }
        }
        return (a, b)
    }

    @Test("Myers finds a longest common subsequence", arguments: 0..<40)
    func myersIsOptimal(seed: UInt64) {
        let (a, b) = Self.sequences(seed: seed, length: Int(seed % 30), alphabet: 3)
        var matches = [Int32](repeating: -1, count: a.count)
        MyersAlignment.align(old: a, 0..<a.count, new: b, 0..<b.count, into: &matches)
        #expect(Self.checkedMatchCount(matches, a, b) == Self.lcsLength(a, b))
    }

    @Test("Myers works inside sub-ranges")
    func myersSubrange() {
        let a: [UInt64] = [9, 1, 2, 1, 9]
        let b: [UInt64] = [8, 8, 2, 1, 1, 8]
        var matches = [Int32](repeating: -1, count: a.count)
        MyersAlignment.align(old: a, 1..<4, new: b, 2..<5, into: &matches)
        #expect(matches[0] == -1 && matches[4] == -1)
        #expect(Self.checkedMatchCount(matches, a, b) == 2)
    }

    @Test("alignments are valid and near-optimal on seeded edits", arguments: 0..<20)
    func alignIsValid(seed: UInt64) {
        let (a, b) = Self.sequences(seed: seed, length: 200, alphabet: seed % 2 == 0 ? 1000 : 4)
        let matches = RowAlignment.align(old: a, new: b)
        let count = Self.checkedMatchCount(matches, a, b)
        // Patience anchors can cost a little against the true LCS; never much.
        #expect(count <= Self.lcsLength(a, b) && count * 10 >= Self.lcsLength(a, b) * 9)
    }

    @Test("unique rows anchor the alignment across a moved block")
    func anchors() {
        let a: [UInt64] = [1, 2, 3, 4, 5, 6]
        let b: [UInt64] = [1, 5, 6, 2, 3, 4]
        let matches = RowAlignment.align(old: a, new: b)
        #expect(matches == [0, 3, 4, 5, -1, -1])
    }

    @Test("the longest increasing chain of anchors")
    func chain() {
        let pairs: [(old: Int32, new: Int32)] = [(0, 3), (1, 1), (2, 2), (3, 0), (4, 5)]
        #expect(RowAlignment.longestIncreasingChain(pairs).map { [$0.0, $0.1] } == [[1, 1], [2, 2], [4, 5]])
        #expect(RowAlignment.longestIncreasingChain([]).isEmpty)
    }

    @Test("the row hash ignores quoting and separates values")
    func rowHash() throws {
        let quoted = try tableDiff("a,b\n\"x\",\"y\"\"z\"\n", "a,b\nx,\"y\"\"z\"\n")
        #expect(quoted.isEmpty)
        let shifted = try tableDiff("a,b\nxy,z\n", "a,b\nx,yz\n")
        #expect(shifted.rowsRemoved == 1 && shifted.rowsAdded == 1)
    }
}
