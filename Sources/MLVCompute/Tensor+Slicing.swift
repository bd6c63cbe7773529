extension Tensor {
    /// Elements `range` along `axis`, all of every other axis.
    /// - Complexity: O(count of the result).
    public func slice(axis: Int, _ range: Range<Int>) throws(ComputeError) -> Tensor {
        let axis = try shape.axis(axis)
        guard range.lowerBound >= 0 && range.upperBound <= shape[axis] else {
            throw ComputeError(.invalidArgument, "slice \(range) is out of range for axis \(axis) of shape \(shape)")
        }
        let (outer, length, inner) = around(axis)
        var out = [Float]()
        out.reserveCapacity(outer * range.count * inner)
        for o in 0..<outer {
            out.append(
                contentsOf: scalars[
                    ((o * length + range.lowerBound) * inner)..<((o * length + range.upperBound) * inner)])
        }
        var dims = shape.dims
        dims[axis] = range.count
        return Tensor(unchecked: Shape(unchecked: dims), scalars: out)
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concatenate(_ parts: [Tensor], axis: Int) throws(ComputeError) -> Tensor {
        guard let first = parts.first else { throw ComputeError(.invalidArgument, "concatenate of no tensors") }
        let axis = try first.shape.axis(axis)
        var total = 0
        for (n, part) in parts.enumerated() {
            var expected = first.shape.dims
            expected[axis] = part.shape.rank == first.shape.rank ? part.shape[axis] : -1
            guard part.shape.dims == expected else {
                throw ComputeError(
                    .shapeMismatch,
                    "concatenate along axis \(axis): tensor \(n) has shape \(part.shape), tensor 0 has \(first.shape)")
            }
            total += part.shape[axis]
        }
        let outer = first.around(axis).outer
        var out = [Float]()
        out.reserveCapacity(outer * total * first.around(axis).inner)
        for o in 0..<outer {
            for part in parts {
                let (_, length, inner) = part.around(axis)
                out.append(contentsOf: part.scalars[(o * length * inner)..<((o + 1) * length * inner)])
            }
        }
        var dims = first.shape.dims
        dims[axis] = total
        return Tensor(unchecked: Shape(unchecked: dims), scalars: out)
    }

    /// Rows of a tensor picked by index along the first axis (an embedding lookup, or a batch).
    public func gather(rows indices: [Int]) throws(ComputeError) -> Tensor {
        guard shape.rank >= 1 else { throw ComputeError(.invalidArgument, "gather from a scalar") }
        let width = count / Swift.max(shape[0], 1)
        var out = [Float]()
        out.reserveCapacity(indices.count * width)
        for (n, index) in indices.enumerated() {
            guard index >= 0 && index < shape[0] else {
                throw ComputeError(
                    .invalidArgument, "gather index \(index) at position \(n) is outside 0..<\(shape[0])")
            }
            out.append(contentsOf: scalars[(index * width)..<((index + 1) * width)])
        }
        var dims = shape.dims
        dims[0] = indices.count
        return Tensor(unchecked: Shape(unchecked: dims), scalars: out)
    }

    /// The transpose of a matrix.
    public func transposed() throws(ComputeError) -> Tensor {
        guard shape.rank == 2 else {
            throw ComputeError(.invalidArgument, "transpose needs a matrix, got shape \(shape)")
        }
        let (rows, columns) = (shape[0], shape[1])
        var out = [Float](repeating: 0, count: count)
        for r in 0..<rows { for c in 0..<columns { out[c * rows + r] = scalars[r * columns + c] } }
        return Tensor(unchecked: Shape(unchecked: [columns, rows]), scalars: out)
    }
}
