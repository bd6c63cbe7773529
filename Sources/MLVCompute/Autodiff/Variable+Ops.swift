import Foundation

extension Variable {
    private var node: Node { tape.nodes[index] }

    private func sameTape(_ other: Variable) throws(ComputeError) {
        guard other.tape === tape else {
            throw ComputeError(.invalidArgument, "variables from two different tapes cannot be combined")
        }
    }

    /// The matrix product op(self)·op(other).
    public func matmul(_ other: Variable, transposeA: Bool = false, transposeB: Bool = false) throws(ComputeError)
        -> Variable
    {
        try sameTape(other)
        let shape = try Tensor.gemmShape(
            self.shape, other.shape, transposeA: transposeA, transposeB: transposeB)
        var out = tape.buffer(shape.m * shape.n)
        tape.context.gemm(tape.nodes[index].value, tape.nodes[other.index].value, into: &out, shape)
        return tape.append(
            .matmul(index, other.index, transposeA: transposeA, transposeB: transposeB),
            Shape(unchecked: [shape.m, shape.n]), out)
    }

    private func binary(
        _ other: Variable, _ op: Op, _ combine: (Float, Float) -> Float
    ) throws(ComputeError) -> Variable {
        try sameTape(other)
        let shape = try Shape.broadcast(self.shape, other.shape)
        var out = tape.buffer(shape.count)
        let a = tape.nodes[index].value
        let b = tape.nodes[other.index].value
        if case .add = op, let width = rowBroadcastWidth(self.shape, other.shape, shape) {
            // x + bias: the hot case of every dense layer, as a plain loop.
            var start = 0
            while start < out.count {
                for j in 0..<width { out[start + j] = a[start + j] + b[j] }
                start += width
            }
        } else {
            var unused = 0
            broadcastWalk(self.shape, other.shape, shape, &out, &unused) { i, ia, ib, out, _ in
                out[i] = combine(a[ia], b[ib])
            }
        }
        return tape.append(op, shape, out)
    }

    public static func + (a: Variable, b: Variable) throws(ComputeError) -> Variable {
        try a.binary(b, .add(a.index, b.index), +)
    }
    public static func - (a: Variable, b: Variable) throws(ComputeError) -> Variable {
        try a.binary(b, .subtract(a.index, b.index), -)
    }
    public static func * (a: Variable, b: Variable) throws(ComputeError) -> Variable {
        try a.binary(b, .multiply(a.index, b.index), *)
    }
    public static func / (a: Variable, b: Variable) throws(ComputeError) -> Variable {
        try a.binary(b, .divide(a.index, b.index), /)
    }

    /// Every element times `factor`.
    public static func * (a: Variable, factor: Float) -> Variable {
        var out = a.tape.buffer(a.node.value.count)
        let x = a.tape.nodes[a.index].value
        for i in 0..<out.count { out[i] = x[i] * factor }
        return a.tape.append(.scale(a.index, factor), a.shape, out)
    }

    private func unary(_ kind: UnaryKind) -> Variable {
        var out = tape.buffer(node.value.count)
        let x = tape.nodes[index].value
        switch kind {
        case .exp: for i in 0..<out.count { out[i] = Foundation.exp(x[i]) }
        case .log: for i in 0..<out.count { out[i] = Foundation.log(x[i]) }
        case .sqrt: for i in 0..<out.count { out[i] = x[i].squareRoot() }
        case .tanh: for i in 0..<out.count { out[i] = Foundation.tanh(x[i]) }
        case .sigmoid: for i in 0..<out.count { out[i] = Activation.sigmoid(x[i]) }
        case .relu: for i in 0..<out.count { out[i] = x[i] > 0 ? x[i] : 0 }
        case .gelu: for i in 0..<out.count { out[i] = Activation.gelu(x[i]) }
        }
        return tape.append(.unary(index, kind), shape, out)
    }

    public func exp() -> Variable { unary(.exp) }
    public func log() -> Variable { unary(.log) }
    public func sqrt() -> Variable { unary(.sqrt) }
    public func tanh() -> Variable { unary(.tanh) }
    public func sigmoid() -> Variable { unary(.sigmoid) }
    public func relu() -> Variable { unary(.relu) }
    public func gelu() -> Variable { unary(.gelu) }

    /// The sum along `axis`, without that axis (reshape to keep it).
    public func sum(axis: Int) throws(ComputeError) -> Variable {
        let axis = try shape.axis(axis)
        let source = value
        let (outer, length, inner) = source.around(axis)
        var out = tape.zeros(outer * inner)
        let x = tape.nodes[index].value
        for o in 0..<outer {
            for l in 0..<length { for i in 0..<inner { out[o * inner + i] += x[(o * length + l) * inner + i] } }
        }
        return tape.append(.sum(index, axis: axis), source.shapeWithout(axis, keepingDimension: false), out)
    }

    /// The mean along `axis`.
    public func mean(axis: Int) throws(ComputeError) -> Variable {
        let length = shape[try shape.axis(axis)]
        return try sum(axis: axis) * (1 / Float(length))
    }

    /// The maximum along `axis`; the gradient goes to the first maximal element.
    public func max(axis: Int) throws(ComputeError) -> Variable {
        let reduced = try value.max(axis: axis)
        var out = tape.buffer(reduced.count)
        for i in 0..<out.count { out[i] = reduced.scalars[i] }
        return tape.append(.max(index, axis: try shape.axis(axis)), reduced.shape, out)
    }

    /// The sum of all elements, as a one-element variable.
    public func sum() -> Variable {
        var out = tape.buffer(1)
        out[0] = tape.nodes[index].value.reduce(0, +)
        return tape.append(.sumAll(index), Shape(unchecked: []), out)
    }

    /// The mean of all elements.
    public func mean() -> Variable { sum() * (1 / Float(Swift.max(node.value.count, 1))) }

    /// Softmax along the last axis.
    public func softmax() throws(ComputeError) -> Variable {
        let width = try Tensor.softmaxWidth(shape)
        var out = tape.buffer(node.value.count)
        Tensor.logSoftmaxRows(tape.nodes[index].value, width: width, into: &out)
        for i in 0..<out.count { out[i] = Foundation.exp(out[i]) }
        return tape.append(.softmax(index), shape, out)
    }

    /// Log-softmax along the last axis.
    public func logSoftmax() throws(ComputeError) -> Variable {
        let width = try Tensor.softmaxWidth(shape)
        var out = tape.buffer(node.value.count)
        Tensor.logSoftmaxRows(tape.nodes[index].value, width: width, into: &out)
        return tape.append(.logSoftmax(index), shape, out)
    }
}
