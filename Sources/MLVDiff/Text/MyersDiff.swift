/// Myers' O(ND) difference algorithm ("An O(ND) Difference Algorithm and Its Variations", 1986)
/// in its linear-space form, with the cost limits git's xdiff puts on it, so that the changes it
/// picks are the ones `git diff` picks (see ``LineDiff``).
///
/// The search runs on two sequences of line classes, after ``MyersDiff/prepare(_:)`` has dropped
/// the lines that cannot match. Each box of the edit graph is split at a middle snake found by
/// searching forward from its top-left and backward from its bottom-right corner at once, and the
/// two halves are solved the same way. Past an edit cost of 256 (more for large inputs:
/// √(lines), ``maxCost``) the search stops early and splits at the furthest-reaching path, and a
/// long snake found past cost 256 is taken as a split at once: the result is then a correct but
/// not always minimal diff, as git's is, and the time stays O((N + M)·√(N + M)) per level.
struct MyersDiff {
    /// The classes of the old lines the search sees, and where each sits in the whole text.
    let old: [Int]
    let oldIndex: [Int]
    /// The same for the new lines.
    let new: [Int]
    let newIndex: [Int]
    /// Changed marks for every line of both texts; filled by ``run()``.
    var oldChanged: ChangeMarks
    var newChanged: ChangeMarks

    /// The furthest-reaching x on each diagonal, forward and backward; diagonal k = x − y sits at
    /// `k + diagonalOffset`.
    private(set) var forward: [Int]
    private(set) var backward: [Int]
    let diagonalOffset: Int
    /// Past this edit cost a box is split at its furthest-reaching path (xdiff's `mxcost`).
    let maxCost: Int

    /// A snake of at least this many lines makes a split worth taking early (xdiff's `snake_cnt`).
    static let snakeLength = 20
    /// The early-split heuristics start at this edit cost (xdiff's `heur_min` and `MAX_COST_MIN`).
    static let heuristicMinimumCost = 256
    /// A path must have advanced this many times its cost to be taken early (xdiff's `K_HEUR`).
    static let heuristicFactor = 4

    /// A search over the lines `prepare` kept; `oldChanged` and `newChanged` come marked with
    /// the lines it dropped.
    init(old: [Int], oldIndex: [Int], new: [Int], newIndex: [Int], oldChanged: ChangeMarks, newChanged: ChangeMarks) {
        self.old = old
        self.oldIndex = oldIndex
        self.new = new
        self.newIndex = newIndex
        self.oldChanged = oldChanged
        self.newChanged = newChanged
        let diagonals = old.count + new.count + 3
        forward = [Int](repeating: 0, count: diagonals)
        backward = [Int](repeating: 0, count: diagonals)
        diagonalOffset = new.count + 1
        maxCost = max(MyersDiff.integerSquareRoot(diagonals), MyersDiff.heuristicMinimumCost)
    }

    /// A box of the edit graph: old lines `oldStart..<oldEnd` against new lines `newStart..<newEnd`.
    struct Box {
        var oldStart: Int, oldEnd: Int, newStart: Int, newEnd: Int
        /// True when this box must be solved minimally (no early split).
        var minimal: Bool
    }

    /// Where a box splits, and whether each half must be solved minimally.
    struct Split {
        var old: Int, new: Int
        var minimalBefore: Bool, minimalAfter: Bool
    }

    /// Marks the changed lines of the whole search. Boxes are kept on an explicit stack, so deep
    /// splits cannot exhaust the thread's stack.
    /// - Complexity: O((N + M)·D) time for D differences (bounded as the type describes), O(N + M)
    ///   space.
    mutating func run() {
        var boxes = [Box(oldStart: 0, oldEnd: old.count, newStart: 0, newEnd: new.count, minimal: false)]
        while var box = boxes.popLast() {
            while box.oldStart < box.oldEnd, box.newStart < box.newEnd, old[box.oldStart] == new[box.newStart] {
                box.oldStart += 1
                box.newStart += 1
            }
            while box.oldStart < box.oldEnd, box.newStart < box.newEnd, old[box.oldEnd - 1] == new[box.newEnd - 1] {
                box.oldEnd -= 1
                box.newEnd -= 1
            }
            if box.oldStart == box.oldEnd {
                for line in box.newStart..<box.newEnd { newChanged[newIndex[line]] = true }
            } else if box.newStart == box.newEnd {
                for line in box.oldStart..<box.oldEnd { oldChanged[oldIndex[line]] = true }
            } else {
                let split = self.split(box)
                boxes.append(
                    Box(
                        oldStart: split.old, oldEnd: box.oldEnd, newStart: split.new, newEnd: box.newEnd,
                        minimal: split.minimalAfter))
                boxes.append(
                    Box(
                        oldStart: box.oldStart, oldEnd: split.old, newStart: box.newStart, newEnd: split.new,
                        minimal: split.minimalBefore))
            }
        }
    }

    /// Finds the middle snake of `box` (both sides non-empty), or an early split past the cost limits.
    private mutating func split(_ box: Box) -> Split {
        let lowest = box.oldStart - box.newEnd
        let highest = box.oldEnd - box.newStart
        let forwardMiddle = box.oldStart - box.newStart
        let backwardMiddle = box.oldEnd - box.newEnd
        let odd = (forwardMiddle - backwardMiddle) & 1 != 0
        var forwardRange = (low: forwardMiddle, high: forwardMiddle)
        var backwardRange = (low: backwardMiddle, high: backwardMiddle)
        let k = diagonalOffset
        forward[forwardMiddle + k] = box.oldStart
        backward[backwardMiddle + k] = box.oldEnd

        var cost = 1
        while true {
            var foundSnake = false
            // Widen the forward diagonals by one each way, or step inward at the box's edge, so
            // that every diagonal visited has the parity of this cost.
            if forwardRange.low > lowest {
                forwardRange.low -= 1
                forward[forwardRange.low - 1 + k] = -1
            } else {
                forwardRange.low += 1
            }
            if forwardRange.high < highest {
                forwardRange.high += 1
                forward[forwardRange.high + 1 + k] = -1
            } else {
                forwardRange.high -= 1
            }
            for diagonal in stride(from: forwardRange.high, through: forwardRange.low, by: -2) {
                var x =
                    forward[diagonal - 1 + k] >= forward[diagonal + 1 + k]
                    ? forward[diagonal - 1 + k] + 1 : forward[diagonal + 1 + k]
                let start = x
                var y = x - diagonal
                while x < box.oldEnd, y < box.newEnd, old[x] == new[y] {
                    x += 1
                    y += 1
                }
                if x - start > MyersDiff.snakeLength { foundSnake = true }
                forward[diagonal + k] = x
                if odd, backwardRange.low <= diagonal, diagonal <= backwardRange.high, backward[diagonal + k] <= x {
                    return Split(old: x, new: y, minimalBefore: true, minimalAfter: true)
                }
            }
            if backwardRange.low > lowest {
                backwardRange.low -= 1
                backward[backwardRange.low - 1 + k] = Int.max
            } else {
                backwardRange.low += 1
            }
            if backwardRange.high < highest {
                backwardRange.high += 1
                backward[backwardRange.high + 1 + k] = Int.max
            } else {
                backwardRange.high -= 1
            }
            for diagonal in stride(from: backwardRange.high, through: backwardRange.low, by: -2) {
                var x =
                    backward[diagonal - 1 + k] < backward[diagonal + 1 + k]
                    ? backward[diagonal - 1 + k] : backward[diagonal + 1 + k] - 1
                let start = x
                var y = x - diagonal
                while x > box.oldStart, y > box.newStart, old[x - 1] == new[y - 1] {
                    x -= 1
                    y -= 1
                }
                if start - x > MyersDiff.snakeLength { foundSnake = true }
                backward[diagonal + k] = x
                if !odd, forwardRange.low <= diagonal, diagonal <= forwardRange.high, x <= forward[diagonal + k] {
                    return Split(old: x, new: y, minimalBefore: true, minimalAfter: true)
                }
            }
            if !box.minimal {
                if foundSnake, cost > MyersDiff.heuristicMinimumCost,
                    let split = snakeSplit(box, cost: cost, forwardRange, backwardRange)
                {
                    return split
                }
                if cost >= maxCost {
                    return furthestSplit(box, forwardRange, backwardRange)
                }
            }
            cost += 1
        }
    }
}
