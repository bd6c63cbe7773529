extension Tensor {
    /// Splits the shape around `axis` into (outer, length, inner) for strided loops.
    func around(_ axis: Int) -> (outer: Int, length: Int, inner: Int) {
        let dims = shape.dims
        return (dims[..<axis].reduce(1, *), dims[axis], dims[(axis + 1)...].reduce(1, *))
    }

    func shapeWithout(_ axis: Int, keepingDimension: Bool) -> Shape {
        var dims = shape.dims
        if keepingDimension { dims[axis] = 1 } else { dims.remove(at: axis) }
        return Shape(unchecked: dims)
    }

    /// Reduces along `axis` with `combine`, in index order from `initial`.
    private func reduce(
        axis: Int, keepingDimension: Bool, initial: Float, _ combine: (Float, Float) -> Float
    ) throws(ComputeError) -> Tensor {
        let axis = try shape.axis(axis)
        let (outer, length, inner) = around(axis)
        var out = [Float](repeating: initial, count: outer * inner)
        for o in 0..<outer {
            for l in 0..<length {
                let base = (o * length + l) * inner
                for i in 0..<inner { out[o * inner + i] = combine(out[o * inner + i], scalars[base + i]) }
            }
        }
        return Tensor(unchecked: shapeWithout(axis, keepingDimension: keepingDimension), scalars: out)
    }

    /// The sum along `axis` (negative counts from the end), added in index order.
    /// - Complexity: O(count).
    public func sum(axis: Int, keepingDimension: Bool = false) throws(ComputeError) -> Tensor {
        try reduce(axis: axis, keepingDimension: keepingDimension, initial: 0, +)
    }

    /// The mean along `axis`: the sum in index order divided by the length.
    public func mean(axis: Int, keepingDimension: Bool = false) throws(ComputeError) -> Tensor {
        let length = Float(shape[try shape.axis(axis)])
        return try sum(axis: axis, keepingDimension: keepingDimension).map { $0 / length }
    }

    /// The maximum along `axis`; NaN if any element compared is NaN.
    public func max(axis: Int, keepingDimension: Bool = false) throws(ComputeError) -> Tensor {
        guard shape[try shape.axis(axis)] > 0 else {
            throw ComputeError(.invalidArgument, "max along empty axis \(axis) of shape \(shape)")
        }
        return try reduce(axis: axis, keepingDimension: keepingDimension, initial: -.infinity) { a, b in
            a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
        }
    }

    /// The sum of all elements, in index order.
    public func sum() -> Float { scalars.reduce(0, +) }

    /// The mean of all elements.
    public func mean() -> Float { count == 0 ? .nan : sum() / Float(count) }

    /// The index of the largest element along `axis` (the first one on ties), as integers.
    public func argmax(axis: Int = -1) throws(ComputeError) -> [Int] {
        let axis = try shape.axis(axis)
        let (outer, length, inner) = around(axis)
        guard length > 0 else {
            throw ComputeError(.invalidArgument, "argmax along empty axis \(axis) of shape \(shape)")
        }
        var out = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = 0
                var bestValue = scalars[o * length * inner + i]
                for l in 1..<length where scalars[(o * length + l) * inner + i] > bestValue {
                    best = l
                    bestValue = scalars[(o * length + l) * inner + i]
                }
                out[o * inner + i] = best
            }
        }
        return out
    }
}
