/// Aligns the rows of two versions of a table by their hashes, the way patience diff aligns
/// lines: rows that survive inserts and deletes stay matched.
///
/// Work proceeds on pairs of ranges, starting with both whole tables: equal rows at the start
/// and end of a range pair match; then the rows whose hash occurs exactly once in each range
/// are anchors, and the longest run of anchors in increasing order in both versions (a longest
/// increasing subsequence) matches; the ranges between consecutive anchors are worked on the
/// same way. A range pair without anchors goes to ``MyersAlignment``.
enum RowAlignment {
    /// For each old row, the new row it matches (equal hashes) or -1; matched rows increase in
    /// both versions, so the result is an alignment: everything between two matches is a gap of
    /// removed and added rows.
    /// - Complexity: O((n + m) log(n + m)) when the versions share unique rows; 16 bytes per
    ///   row of transient hash table.
    static func align(old: [UInt64], new: [UInt64]) -> [Int32] {
        var matches = [Int32](repeating: -1, count: old.count)
        var pending: [(Range<Int>, Range<Int>)] = [(0..<old.count, 0..<new.count)]
        while let (a, b) = pending.popLast() {
            var (oldLow, oldHigh, newLow, newHigh) = (a.lowerBound, a.upperBound, b.lowerBound, b.upperBound)
            while oldLow < oldHigh, newLow < newHigh, old[oldLow] == new[newLow] {
                matches[oldLow] = Int32(truncatingIfNeeded: newLow)
                oldLow += 1
                newLow += 1
            }
            while oldLow < oldHigh, newLow < newHigh, old[oldHigh - 1] == new[newHigh - 1] {
                oldHigh -= 1
                newHigh -= 1
                matches[oldHigh] = Int32(truncatingIfNeeded: newHigh)
            }
            guard oldLow < oldHigh, newLow < newHigh else { continue }
            let anchors = uniqueAnchors(old: old, oldLow..<oldHigh, new: new, newLow..<newHigh)
            if anchors.isEmpty {
                MyersAlignment.align(old: old, oldLow..<oldHigh, new: new, newLow..<newHigh, into: &matches)
                continue
            }
            for (oldRow, newRow) in anchors {
                matches[oldRow] = Int32(truncatingIfNeeded: newRow)
                if oldLow < oldRow, newLow < newRow { pending.append((oldLow..<oldRow, newLow..<newRow)) }
                oldLow = oldRow + 1
                newLow = newRow + 1
            }
            if oldLow < oldHigh, newLow < newHigh { pending.append((oldLow..<oldHigh, newLow..<newHigh)) }
        }
        return matches
    }

    /// The rows unique in both `a` and `b` with equal hashes, reduced to a longest chain that
    /// increases in both versions, in increasing order.
    /// - Complexity: O((n + m) + u log u) for u unique pairs.
    static func uniqueAnchors(
        old: [UInt64], _ a: Range<Int>, new: [UInt64], _ b: Range<Int>
    ) -> [(Int, Int)] {
        var table = RowHashTable(entries: a.count + b.count)
        var oldSlots = [Int32](repeating: 0, count: a.count)
        for row in a {
            let slot = table.insert(old[row])
            table.noteFirst(slot, row: row)
            oldSlots[row - a.lowerBound] = Int32(truncatingIfNeeded: slot)
        }
        for row in b { table.noteSecond(table.insert(new[row]), row: row) }
        // Candidate pairs in old order: the old row is the only one with its hash in `a`, and
        // exactly one new row in `b` has it.
        var candidates: [(old: Int32, new: Int32)] = []
        for row in a {
            let slot = Int(oldSlots[row - a.lowerBound])
            let newRow = table.second[slot]
            if table.first[slot] >= 0, newRow >= 0 { candidates.append((Int32(truncatingIfNeeded: row), newRow)) }
        }
        return longestIncreasingChain(candidates)
    }

    /// The longest subsequence of `pairs` (sorted by `old`) whose `new` values increase, by
    /// patience sorting.
    /// - Complexity: O(u log u).
    static func longestIncreasingChain(_ pairs: [(old: Int32, new: Int32)]) -> [(Int, Int)] {
        guard !pairs.isEmpty else { return [] }
        var tails: [Int32] = []  // tails[t]: index of the smallest tail of a chain of length t + 1
        var previous = [Int32](repeating: -1, count: pairs.count)
        for index in pairs.indices {
            let value = pairs[index].new
            var low = 0
            var high = tails.count
            while low < high {
                let mid = (low + high) / 2
                if pairs[Int(tails[mid])].new < value { low = mid + 1 } else { high = mid }
            }
            if low > 0 { previous[index] = tails[low - 1] }
            if low == tails.count {
                tails.append(Int32(truncatingIfNeeded: index))
            } else {
                tails[low] = Int32(truncatingIfNeeded: index)
            }
        }
        var chain: [(Int, Int)] = []
        chain.reserveCapacity(tails.count)
        var index = Int(tails[tails.count - 1])
        while index >= 0 {
            chain.append((Int(pairs[index].old), Int(pairs[index].new)))
            index = Int(previous[index])
        }
        chain.reverse()
        return chain
    }
}
