/// Visits the elements of a broadcast result in index order.
///
/// Calls `body(i, offsetA, offsetB, &first, &second)` for element `i` of `result`, with the
/// offsets of the elements of `a` and `b` it is made from. The two buffers the body writes
/// are passed through rather than captured, so the loop needs no run-time exclusivity checks.
/// - Complexity: O(result.count).
func broadcastWalk<First, Second>(
    _ a: Shape, _ b: Shape, _ result: Shape, _ first: inout First, _ second: inout Second,
    _ body: (Int, Int, Int, inout First, inout Second) -> Void
) {
    let count = result.count
    if a == result && b == result {
        for i in 0..<count { body(i, i, i, &first, &second) }
        return
    }
    if a == result && b.count == 1 {
        for i in 0..<count { body(i, i, 0, &first, &second) }
        return
    }
    if a == result && b.rank >= 1 && result.dims.suffix(b.rank) == b.dims[...] {
        // A row (or trailing block) added to every row: the common bias case.
        let width = b.count
        var i = 0
        while i < count {
            for j in 0..<width { body(i + j, i + j, j, &first, &second) }
            i += width
        }
        return
    }
    let strideA = Tensor.broadcastStrides(a, to: result)
    let strideB = Tensor.broadcastStrides(b, to: result)
    var index = [Int](repeating: 0, count: result.rank)
    var offsetA = 0
    var offsetB = 0
    for i in 0..<count {
        body(i, offsetA, offsetB, &first, &second)
        var axis = result.rank - 1
        while axis >= 0 {
            index[axis] += 1
            offsetA += strideA[axis]
            offsetB += strideB[axis]
            if index[axis] < result.dims[axis] { break }
            offsetA -= strideA[axis] * result.dims[axis]
            offsetB -= strideB[axis] * result.dims[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}

/// The length of `b` when `a` has the result's shape and `b` repeats along the leading axes
/// (a bias row added to every row), else nil.
func rowBroadcastWidth(_ a: Shape, _ b: Shape, _ result: Shape) -> Int? {
    guard a == result, b.rank >= 1, b.rank <= result.rank, b.count > 0,
        result.dims.suffix(b.rank).elementsEqual(b.dims)
    else { return nil }
    return b.count
}
