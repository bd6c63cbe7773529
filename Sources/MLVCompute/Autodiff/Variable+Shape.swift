extension Variable {
    /// Elements `range` along `axis`.
    public func slice(axis: Int, _ range: Range<Int>) throws(ComputeError) -> Variable {
        let result = try value.slice(axis: axis, range)
        return tape.append(
            .slice(index, axis: try shape.axis(axis), start: range.lowerBound), result.shape, copy(result))
    }

    /// Joins variables along `axis`.
    public static func concatenate(_ parts: [Variable], axis: Int) throws(ComputeError) -> Variable {
        guard let first = parts.first else { throw ComputeError(.invalidArgument, "concatenate of no variables") }
        guard parts.allSatisfy({ $0.tape === first.tape }) else {
            throw ComputeError(.invalidArgument, "variables from two different tapes cannot be combined")
        }
        let result = try Tensor.concatenate(parts.map(\.value), axis: axis)
        return first.tape.append(
            .concatenate(parts.map(\.index), axis: try first.shape.axis(axis)), result.shape, first.copy(result))
    }

    /// Rows picked by index along the first axis; gradients of repeated rows add up.
    public func gather(rows indices: [Int]) throws(ComputeError) -> Variable {
        let result = try value.gather(rows: indices)
        return tape.append(.gather(index, indices), result.shape, copy(result))
    }

    /// The same elements with another shape of equal count.
    public func reshaped(_ newShape: Shape) throws(ComputeError) -> Variable {
        let result = try value.reshaped(newShape)
        return tape.append(.reshape(index), newShape, copy(result))
    }

    /// The transpose of a matrix.
    public func transposed() throws(ComputeError) -> Variable {
        let result = try value.transposed()
        return tape.append(.transpose(index), result.shape, copy(result))
    }

    /// `tensor`'s elements in a buffer from the tape's pool.
    func copy(_ tensor: Tensor) -> [Float] {
        var out = tape.buffer(tensor.count)
        for i in 0..<out.count { out[i] = tensor.scalars[i] }
        return out
    }
}
