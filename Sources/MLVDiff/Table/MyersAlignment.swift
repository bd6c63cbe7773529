/// Myers' O(ND) shortest edit script over row hashes, for the gaps patience alignment leaves
/// without unique anchors (runs of repeated rows).
///
/// Bounded: it gives up, matching nothing, when the edit distance passes ``maxDistance`` or the
/// diagonal scans pass ``maxWork`` comparisons, so a large gap of repeated rows costs
/// O(maxWork) time and O(maxDistance²) memory and comes out as removed and added rows.
enum MyersAlignment {
    /// The largest edit distance searched.
    static let maxDistance = 2048
    /// The most row comparisons spent on one gap.
    static let maxWork = 20_000_000

    /// Matches rows of `old[a]` and `new[b]` along a shortest edit script, writing
    /// `matches[oldRow] = newRow` for each matched pair; leaves `matches` alone when the search
    /// goes over budget.
    /// - Complexity: O((n + m)·D) time and O(D²) memory for edit distance D, both bounded.
    static func align(
        old: [UInt64], _ a: Range<Int>, new: [UInt64], _ b: Range<Int>, into matches: inout [Int32]
    ) {
        let n = a.count
        let m = b.count
        let limit = min(n + m, maxDistance)
        let offset = limit + 1
        // v[k + offset]: the furthest x reached on diagonal k = x - y.
        var v = [Int32](repeating: 0, count: 2 * limit + 3)
        // trace holds v[-d...d] as it was before step d, for every step, back to back.
        var trace: [Int32] = []
        var traceStarts: [Int] = []
        var work = 0
        for d in 0...limit {
            traceStarts.append(trace.count)
            trace += v[(offset - d)...(offset + d)]
            for k in stride(from: -d, through: d, by: 2) {
                var x =
                    k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                    ? Int(v[offset + k + 1]) : Int(v[offset + k - 1]) + 1
                var y = x - k
                let start = x
                while x < n, y < m, old[a.lowerBound + x] == new[b.lowerBound + y] {
                    x += 1
                    y += 1
                }
                work += x - start + 1
                v[offset + k] = Int32(truncatingIfNeeded: x)
                if x >= n, y >= m {
                    backtrack(trace: trace, starts: traceStarts, n: n, m: m, a: a, b: b, into: &matches)
                    return
                }
            }
            if work > maxWork { return }
        }
    }

    /// Walks the saved steps back from (n, m) to (0, 0), matching the rows of each diagonal run.
    private static func backtrack(
        trace: [Int32], starts: [Int], n: Int, m: Int, a: Range<Int>, b: Range<Int>, into matches: inout [Int32]
    ) {
        var x = n
        var y = m
        for d in stride(from: starts.count - 1, through: 0, by: -1) {
            guard d > 0 else {
                // Step 0 is the initial diagonal run from (0, 0).
                while x > 0, y > 0 {
                    x -= 1
                    y -= 1
                    matches[a.lowerBound + x] = Int32(truncatingIfNeeded: b.lowerBound + y)
                }
                break
            }
            // v before step d, indexed by diagonal: v(k) = trace[starts[d] + k + d].
            let base = starts[d] + d
            let k = x - y
            let previousK = k == -d || (k != d && trace[base + k - 1] < trace[base + k + 1]) ? k + 1 : k - 1
            let previousX = Int(trace[base + previousK])
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                matches[a.lowerBound + x] = Int32(truncatingIfNeeded: b.lowerBound + y)
            }
            x = previousX
            y = previousY
        }
    }
}
