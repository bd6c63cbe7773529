extension Philox {
    /// Returns a uniformly random permutation of `0..<count` by the Fisher–Yates shuffle.
    ///
    /// Starting from `[0, 1, …, count − 1]`, for `i` from `count − 1` down to 1 it swaps element
    /// `i` with element `j` = `nextBounded(i + 1)` (Lemire's method, as ``nextInt(below:)``). The
    /// result is a function of the generator's state alone.
    ///
    /// - Throws: `ComputeError.invalidArgument` when `count` is negative.
    /// - Complexity: O(`count`); consumes at least `count − 1` 64-bit values.
    public mutating func permutation(count: Int) throws(ComputeError) -> [Int] {
        try Self.check(count: count)
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }

    /// Returns the elements of `elements` in a uniformly random order: element `k` of the result
    /// is `elements[p[k]]` for `p` = ``permutation(count:)`` drawn from the same state.
    ///
    /// - Complexity: O(n) for n elements; consumes as ``permutation(count:)``.
    public mutating func shuffled<Elements: Sequence>(_ elements: Elements) -> [Elements.Element] {
        var result = Array(elements)
        shuffle(&result)
        return result
    }

    /// Fisher–Yates in place, the one shuffle that ``permutation(count:)`` and ``shuffled(_:)``
    /// share.
    private mutating func shuffle<Element>(_ elements: inout [Element]) {
        var i = elements.count - 1
        while i > 0 {
            let j = Int(nextBounded(UInt64(i + 1)))
            elements.swapAt(i, j)
            i -= 1
        }
    }
}

/// Seeded train/test splits of sample indices, plain or stratified by class label.
public enum TrainTestSplit {
    /// Splits the indices `0..<count` into a train part and a test part.
    ///
    /// Without labels, the test part is the first `round(testFraction × count)` entries of
    /// `Philox(seed: seed).permutation(count: count)`. With labels, each class (distinct label
    /// value) is split separately, classes in ascending label order: the class's indices, in
    /// ascending order, are permuted by `Philox(seed: seed).split(UInt64(bitPattern: label))` and the
    /// first `round(testFraction × classCount)` go to test, so every class keeps its proportion up
    /// to rounding and the draw for one class does not depend on the others. Rounding is to
    /// nearest with halves away from zero, in `Double`.
    ///
    /// Either part may come out empty when `count` or a class is small.
    ///
    /// - Parameters:
    ///   - count: the number of samples.
    ///   - testFraction: the share of samples for the test part, strictly between 0 and 1.
    ///   - seed: the seed of the generator; equal arguments give equal splits.
    ///   - labels: one class label per sample, or `nil` for an unstratified split.
    /// - Returns: the two parts, each sorted ascending; together they hold every index once.
    /// - Throws: `ComputeError.invalidArgument` when `count` is negative or `testFraction` is not
    ///   in (0, 1); `ComputeError.shapeMismatch` when `labels` does not hold `count` labels.
    /// - Complexity: O(n log n) for n samples.
    public static func split(
        count: Int, testFraction: Double, seed: UInt64, stratifyBy labels: [Int]? = nil
    ) throws(ComputeError) -> (train: [Int], test: [Int]) {
        guard count >= 0 else {
            throw ComputeError(.invalidArgument, "sample count \(count) is negative")
        }
        guard testFraction > 0, testFraction < 1 else {
            throw ComputeError(.invalidArgument, "test fraction \(testFraction) is not strictly between 0 and 1")
        }
        let root = Philox(seed: seed)
        guard let labels else {
            var generator = root
            let order = try generator.permutation(count: count)
            let testCount = testSize(testFraction, of: count)
            return (order[testCount...].sorted(), order[..<testCount].sorted())
        }
        guard labels.count == count else {
            throw ComputeError(.shapeMismatch, "labels hold \(labels.count) entries for \(count) samples")
        }
        var train: [Int] = []
        var test: [Int] = []
        train.reserveCapacity(count)
        // Sorting (label, index) pairs groups each class with its indices ascending, in class order,
        // without a dictionary.
        let byClass = labels.indices.sorted { (labels[$0], $0) < (labels[$1], $1) }
        var start = 0
        while start < byClass.count {
            let label = labels[byClass[start]]
            var end = start + 1
            while end < byClass.count, labels[byClass[end]] == label {
                end += 1
            }
            var generator = root.split(UInt64(bitPattern: Int64(label)))
            let members = generator.shuffled(byClass[start..<end])
            let testCount = testSize(testFraction, of: members.count)
            test.append(contentsOf: members[..<testCount])
            train.append(contentsOf: members[testCount...])
            start = end
        }
        return (train.sorted(), test.sorted())
    }

    /// `round(fraction × count)`, halves away from zero, clamped to `0...count`.
    private static func testSize(_ fraction: Double, of count: Int) -> Int {
        min(count, max(0, Int((fraction * Double(count)).rounded(.toNearestOrAwayFromZero))))
    }
}
