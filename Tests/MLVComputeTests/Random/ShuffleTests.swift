import MLVCompute
import Testing

@Suite struct ShuffleTests {
    @Test("returns a permutation of 0..<count", arguments: [0, 1, 2, 10, 1000])
    func isPermutation(count: Int) throws {
        var generator = Philox(seed: UInt64(count))
        #expect(try generator.permutation(count: count).sorted() == Array(0..<count))
    }

    @Test("freezes the permutation of seed 7 (checked against a Python model)") func pinned() throws {
        var generator = Philox(seed: 7)
        #expect(try generator.permutation(count: 10) == [2, 3, 5, 1, 4, 8, 9, 6, 0, 7])
    }

    @Test("repeats for equal seeds and differs for other seeds") func determinism() throws {
        var a = Philox(seed: 3)
        var b = Philox(seed: 3)
        var c = Philox(seed: 4)
        let first = try a.permutation(count: 100)
        #expect(try b.permutation(count: 100) == first)
        #expect(try c.permutation(count: 100) != first)
        #expect(a == b)
    }

    @Test("shuffles elements as the permutation of the same state orders them") func shuffled() throws {
        let words = ["a", "b", "c", "d", "e", "f", "g"]
        var byPermutation = Philox(seed: 21)
        var byShuffle = byPermutation
        let order = try byPermutation.permutation(count: words.count)
        #expect(byShuffle.shuffled(words) == order.map { words[$0] })
        #expect(byShuffle == byPermutation)
    }

    @Test("draws each order of three about equally often") func uniform() throws {
        var generator = Philox(seed: 5)
        var counts = Array(repeating: 0, count: 6)
        for _ in 0..<60_000 {
            let p = try generator.permutation(count: 3)
            counts[p[0] * 2 + (p[1] > p[2] ? 1 : 0)] += 1
        }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })
    }

    @Test("rejects a negative count") func negative() {
        var generator = Philox(seed: 1)
        #expect(throws: ComputeError.self) { try generator.permutation(count: -1) }
    }
}

@Suite struct TrainTestSplitTests {
    /// Checks that the parts are sorted, disjoint and together hold `0..<count`.
    func expectPartition(_ parts: (train: [Int], test: [Int]), count: Int) {
        #expect(parts.train == parts.train.sorted())
        #expect(parts.test == parts.test.sorted())
        #expect((parts.train + parts.test).sorted() == Array(0..<count))
    }

    @Test(
        "puts round(fraction × count) indices in test",
        arguments: [(100, 0.2, 20), (10, 0.25, 3), (7, 0.5, 4), (3, 0.1, 0)])
    func sizes(count: Int, fraction: Double, testCount: Int) throws {
        let parts = try TrainTestSplit.split(count: count, testFraction: fraction, seed: 1)
        #expect(parts.test.count == testCount)
        expectPartition(parts, count: count)
    }

    @Test("takes the test part from the front of the seed's permutation") func followsPermutation() throws {
        let parts = try TrainTestSplit.split(count: 10, testFraction: 0.3, seed: 7)
        #expect(parts.test == [2, 3, 5])
        #expect(parts.train == [0, 1, 4, 6, 7, 8, 9])
    }

    @Test("repeats for equal seeds and differs for other seeds") func determinism() throws {
        let first = try TrainTestSplit.split(count: 200, testFraction: 0.25, seed: 8)
        let again = try TrainTestSplit.split(count: 200, testFraction: 0.25, seed: 8)
        let other = try TrainTestSplit.split(count: 200, testFraction: 0.25, seed: 9)
        #expect(first.test == again.test && first.train == again.train)
        #expect(first.test != other.test)
    }

    @Test("keeps class proportions when stratified") func stratified() throws {
        // Classes interleaved, not in id order: 50 of class 2, 30 of class 0, 20 of class 5.
        let labels = (0..<100).map { $0 % 2 == 0 ? 2 : ($0 % 10 < 6 ? 0 : 5) }
        #expect(labels.count(where: { $0 == 2 }) == 50 && labels.count(where: { $0 == 0 }) == 30)
        let parts = try TrainTestSplit.split(count: 100, testFraction: 0.3, seed: 4, stratifyBy: labels)
        expectPartition(parts, count: 100)
        #expect(parts.test.count(where: { labels[$0] == 2 }) == 15)
        #expect(parts.test.count(where: { labels[$0] == 0 }) == 9)
        #expect(parts.test.count(where: { labels[$0] == 5 }) == 6)
        let again = try TrainTestSplit.split(count: 100, testFraction: 0.3, seed: 4, stratifyBy: labels)
        #expect(again.test == parts.test)
    }

    @Test("rounds each class separately, including negative labels") func stratifiedRounding() throws {
        // Class -1 has 5 members (0.5 × 5 = 2.5 → 3), class 3 has 1 (0.5 → 1), class 4 has 2 (1).
        let labels = [-1, 3, -1, 4, -1, -1, 4, -1]
        let parts = try TrainTestSplit.split(count: 8, testFraction: 0.5, seed: 0, stratifyBy: labels)
        expectPartition(parts, count: 8)
        #expect(parts.test.map { labels[$0] }.sorted() == [-1, -1, -1, 3, 4])
    }

    @Test("rejects a fraction outside (0, 1)", arguments: [0, 1, -0.1, 1.5, .nan, .infinity])
    func badFraction(fraction: Double) {
        #expect(throws: ComputeError.self) { try TrainTestSplit.split(count: 10, testFraction: fraction, seed: 1) }
    }

    @Test("rejects labels that do not match the count and a negative count") func badInput() {
        #expect {
            try TrainTestSplit.split(count: 4, testFraction: 0.5, seed: 1, stratifyBy: [0, 1, 0])
        } throws: { ($0 as? ComputeError)?.code == .shapeMismatch }
        #expect(throws: ComputeError.self) { try TrainTestSplit.split(count: -1, testFraction: 0.5, seed: 1) }
    }
}
