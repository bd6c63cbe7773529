/// The early splits that bound ``MyersDiff``'s time on large, very different inputs, as xdiff
/// bounds it. Neither is used for a box that must be solved minimally.
extension MyersDiff {
    /// The split at the end of a long snake reached past the heuristic cost: among the diagonals
    /// whose path has advanced more than `heuristicFactor × cost` (measured from the corner,
    /// less its distance from the middle diagonal) and ends `snakeLength` matching lines into
    /// the box, the one that advanced most; the forward search is tried first.
    /// - Returns: nil when no diagonal qualifies.
    /// - Complexity: O(D) diagonals, each checked over `snakeLength` lines.
    func snakeSplit(
        _ box: Box, cost: Int, _ forwardRange: (low: Int, high: Int), _ backwardRange: (low: Int, high: Int)
    ) -> Split? {
        let k = diagonalOffset
        let length = MyersDiff.snakeLength
        let forwardMiddle = box.oldStart - box.newStart
        var best = 0
        var found: (old: Int, new: Int)? = nil
        for diagonal in stride(from: forwardRange.high, through: forwardRange.low, by: -2) {
            let x = forward[diagonal + k]
            let y = x - diagonal
            let value = (x - box.oldStart) + (y - box.newStart) - abs(diagonal - forwardMiddle)
            guard value > MyersDiff.heuristicFactor * cost, value > best,
                box.oldStart + length <= x, x < box.oldEnd, box.newStart + length <= y, y < box.newEnd
            else { continue }
            if (1...length).allSatisfy({ old[x - $0] == new[y - $0] }) {
                best = value
                found = (x, y)
            }
        }
        if let found { return Split(old: found.old, new: found.new, minimalBefore: true, minimalAfter: false) }

        let backwardMiddle = box.oldEnd - box.newEnd
        best = 0
        for diagonal in stride(from: backwardRange.high, through: backwardRange.low, by: -2) {
            let x = backward[diagonal + k]
            let y = x - diagonal
            let value = (box.oldEnd - x) + (box.newEnd - y) - abs(diagonal - backwardMiddle)
            guard value > MyersDiff.heuristicFactor * cost, value > best,
                box.oldStart < x, x <= box.oldEnd - length, box.newStart < y, y <= box.newEnd - length
            else { continue }
            if (0..<length).allSatisfy({ old[x + $0] == new[y + $0] }) {
                best = value
                found = (x, y)
            }
        }
        if let found { return Split(old: found.old, new: found.new, minimalBefore: false, minimalAfter: true) }
        return nil
    }

    /// The split at the furthest-reaching path (by x + y) of the forward or the backward search,
    /// whichever got further from its corner; the half it leaves unsolved is solved minimally.
    /// - Complexity: O(D) diagonals.
    func furthestSplit(
        _ box: Box, _ forwardRange: (low: Int, high: Int), _ backwardRange: (low: Int, high: Int)
    ) -> Split {
        let k = diagonalOffset
        var forwardBest = (sum: -1, old: -1)
        for diagonal in stride(from: forwardRange.high, through: forwardRange.low, by: -2) {
            var x = min(forward[diagonal + k], box.oldEnd)
            var y = x - diagonal
            if box.newEnd < y {
                x = box.newEnd + diagonal
                y = box.newEnd
            }
            if forwardBest.sum < x + y { forwardBest = (x + y, x) }
        }
        var backwardBest = (sum: Int.max, old: Int.max)
        for diagonal in stride(from: backwardRange.high, through: backwardRange.low, by: -2) {
            var x = max(box.oldStart, backward[diagonal + k])
            var y = x - diagonal
            if y < box.newStart {
                x = box.newStart + diagonal
                y = box.newStart
            }
            if x + y < backwardBest.sum { backwardBest = (x + y, x) }
        }
        if (box.oldEnd + box.newEnd) - backwardBest.sum < forwardBest.sum - (box.oldStart + box.newStart) {
            return Split(
                old: forwardBest.old, new: forwardBest.sum - forwardBest.old, minimalBefore: true, minimalAfter: false)
        }
        return Split(
            old: backwardBest.old, new: backwardBest.sum - backwardBest.old, minimalBefore: false, minimalAfter: true)
    }

    /// A power of two near √n: 2^⌈log₄(n + 1)⌉ (xdiff's `xdl_bogosqrt`), which sets the cost limits.
    static func integerSquareRoot(_ n: Int) -> Int {
        var root = 1
        var rest = n
        while rest > 0 {
            root <<= 1
            rest >>= 2
        }
        return root
    }
}
