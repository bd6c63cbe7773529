import Foundation

extension Tape {
    /// Adds node `index`'s gradient contributions to its inputs (the chain rule for one op).
    /// Contributions are added in a fixed order, so gradients are bit-reproducible.
    func propagate(_ index: Int) {
        let node = nodes[index]
        let dy = node.gradient
        switch node.op {
        case .constant:
            break
        case .parameter(let parameter):
            Kernels.add(dy, into: &parameter.gradient.scalars)
        case .matmul(let a, let b, let ta, let tb):
            propagateMatmul(dy, a: a, b: b, transposeA: ta, transposeB: tb)
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b):
            propagateArithmetic(node, a: a, b: b)
        case .scale(let a, let factor):
            withGradient(a) { g in for i in 0..<dy.count { g[i] += dy[i] * factor } }
        case .unary(let a, let kind):
            let x = nodes[a].value
            withGradient(a) { g in Tape.propagateUnary(dy, x: x, y: node.value, kind, into: &g) }
        case .sum(let a, let axis):
            let (outer, length, inner) = value(Variable(tape: self, index: a)).around(axis)
            withGradient(a) { g in
                for o in 0..<outer {
                    for l in 0..<length { for i in 0..<inner { g[(o * length + l) * inner + i] += dy[o * inner + i] } }
                }
            }
        case .max(let a, let axis):
            let x = nodes[a].value
            let (outer, length, inner) = value(Variable(tape: self, index: a)).around(axis)
            withGradient(a) { g in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let target = node.value[o * inner + i]
                        let l = (0..<length).first { x[(o * length + $0) * inner + i] == target } ?? 0
                        g[(o * length + l) * inner + i] += dy[o * inner + i]
                    }
                }
            }
        case .sumAll(let a):
            withGradient(a) { g in for i in 0..<g.count { g[i] += dy[0] } }
        case .softmax(let a), .logSoftmax(let a):
            var isLog = false
            if case .logSoftmax = node.op { isLog = true }
            let width = nodes[a].shape.dims.last ?? 1
            withGradient(a) { g in Tape.propagateSoftmax(dy, y: node.value, width: width, isLog: isLog, into: &g) }
        case .slice(let a, let axis, let start):
            let (outer, length, inner) = value(Variable(tape: self, index: a)).around(axis)
            let width = node.shape[axis]
            withGradient(a) { g in
                for o in 0..<outer {
                    for l in 0..<width {
                        for i in 0..<inner {
                            g[(o * length + start + l) * inner + i] += dy[(o * width + l) * inner + i]
                        }
                    }
                }
            }
        case .concatenate(let parts, let axis):
            var offset = 0
            let whole = value(Variable(tape: self, index: index)).around(axis)
            for part in parts {
                let (_, length, inner) = value(Variable(tape: self, index: part)).around(axis)
                withGradient(part) { g in
                    for o in 0..<whole.outer {
                        for j in 0..<(length * inner) {
                            g[o * length * inner + j] += dy[o * whole.length * inner + offset * inner + j]
                        }
                    }
                }
                offset += length
            }
        case .gather(let a, let rows):
            let width = rows.isEmpty ? 0 : dy.count / rows.count
            withGradient(a) { g in
                for (n, row) in rows.enumerated() { for j in 0..<width { g[row * width + j] += dy[n * width + j] } }
            }
        case .reshape(let a):
            withGradient(a) { g in Kernels.add(dy, into: &g) }
        case .transpose(let a):
            let (rows, columns) = (node.shape[1], node.shape[0])
            withGradient(a) { g in for r in 0..<rows { for c in 0..<columns { g[r * columns + c] += dy[c * rows + r] } }
            }
        case .softmaxCrossEntropy(let a, let labels):
            let classes = nodes[a].shape[1]
            let scale = dy[0] / Float(labels.count)
            withGradient(a) { g in
                for (row, label) in labels.enumerated() {
                    for j in 0..<classes {
                        let p = Foundation.exp(node.saved[row * classes + j])
                        g[row * classes + j] += (p - (j == label ? 1 : 0)) * scale
                    }
                }
            }
        case .meanSquaredError(let a, let b):
            let (p, t) = (nodes[a].value, nodes[b].value)
            let scale = 2 * dy[0] / Float(Swift.max(p.count, 1))
            withGradient(a) { g in for i in 0..<p.count { g[i] += (p[i] - t[i]) * scale } }
            withGradient(b) { g in for i in 0..<p.count { g[i] -= (p[i] - t[i]) * scale } }
        case .binaryCrossEntropy(let a, let b, let fromLogits):
            let (p, t) = (nodes[a].value, nodes[b].value)
            let scale = dy[0] / Float(Swift.max(p.count, 1))
            withGradient(a) { g in
                for i in 0..<p.count {
                    if fromLogits {
                        g[i] += (Activation.sigmoid(p[i]) - t[i]) * scale
                    } else {
                        let eps = BinaryCrossEntropy.epsilon
                        guard p[i] > eps && p[i] < 1 - eps else { continue }  // clamped: no gradient
                        g[i] += (p[i] - t[i]) / (p[i] * (1 - p[i])) * scale
                    }
                }
            }
        }
    }

    /// Runs `body` on node `index`'s gradient buffer (zeros if it has none yet), moved out of
    /// the node for the duration so the loop touches a local array, not the tape.
    func withGradient(_ index: Int, _ body: (inout [Float]) -> Void) {
        var gradient = [Float]()
        swap(&gradient, &nodes[index].gradient)
        if gradient.isEmpty { gradient = zeros(nodes[index].value.count) }
        body(&gradient)
        swap(&gradient, &nodes[index].gradient)
    }

    private func propagateArithmetic(_ node: Node, a: Int, b: Int) {
        let dy = node.gradient
        let (x, y) = (nodes[a].value, nodes[b].value)
        let (shapeA, shapeB) = (nodes[a].shape, nodes[b].shape)
        var ga = [Float]()
        swap(&ga, &nodes[a].gradient)
        if ga.isEmpty { ga = zeros(x.count) }
        // When both inputs are one node, b's share goes to a scratch buffer added at the end.
        var gb = [Float]()
        if a != b { swap(&gb, &nodes[b].gradient) }
        if gb.isEmpty { gb = zeros(y.count) }
        let rowWidth = a == b ? nil : rowBroadcastWidth(shapeA, shapeB, node.shape)
        switch node.op {
        case .add where rowWidth != nil, .subtract where rowWidth != nil:
            // x ± bias: x's gradient is dy, the bias's the column sums of ±dy.
            let width = rowWidth ?? 1
            let sign: Float
            if case .add = node.op { sign = 1 } else { sign = -1 }
            Kernels.add(dy, into: &ga)
            var start = 0
            while start < dy.count {
                for j in 0..<width { gb[j] += sign * dy[start + j] }
                start += width
            }
        case .add:
            broadcastWalk(shapeA, shapeB, node.shape, &ga, &gb) { i, ia, ib, ga, gb in
                ga[ia] += dy[i]
                gb[ib] += dy[i]
            }
        case .subtract:
            broadcastWalk(shapeA, shapeB, node.shape, &ga, &gb) { i, ia, ib, ga, gb in
                ga[ia] += dy[i]
                gb[ib] -= dy[i]
            }
        case .multiply:
            broadcastWalk(shapeA, shapeB, node.shape, &ga, &gb) { i, ia, ib, ga, gb in
                ga[ia] += dy[i] * y[ib]
                gb[ib] += dy[i] * x[ia]
            }
        default:
            broadcastWalk(shapeA, shapeB, node.shape, &ga, &gb) { i, ia, ib, ga, gb in
                ga[ia] += dy[i] / y[ib]
                gb[ib] -= dy[i] * x[ia] / (y[ib] * y[ib])
            }
        }
        if a == b { Kernels.add(gb, into: &ga) }
        swap(&ga, &nodes[a].gradient)
        if a != b { swap(&gb, &nodes[b].gradient) }
    }

    private func propagateMatmul(_ dy: [Float], a: Int, b: Int, transposeA ta: Bool, transposeB tb: Bool) {
        let (shapeA, shapeB) = (nodes[a].shape, nodes[b].shape)
        let m = ta ? shapeA[1] : shapeA[0]
        let k = ta ? shapeA[0] : shapeA[1]
        let n = tb ? shapeB[0] : shapeB[1]
        let (valueA, valueB) = (nodes[a].value, nodes[b].value)
        if needsGradient(a) {
            withGradient(a) { g in
                if !ta {  // dA (m×k) += dC · op(B)ᵀ
                    context.gemm(
                        dy, valueB, into: &g,
                        GemmShape(m: m, n: k, k: n, transposeA: false, transposeB: !tb, accumulate: true))
                } else {  // dA (k×m) += op(B) · dCᵀ
                    context.gemm(
                        valueB, dy, into: &g,
                        GemmShape(m: k, n: m, k: n, transposeA: tb, transposeB: true, accumulate: true))
                }
            }
        }
        if needsGradient(b) {
            withGradient(b) { g in
                if !tb {  // dB (k×n) += op(A)ᵀ · dC
                    context.gemm(
                        valueA, dy, into: &g,
                        GemmShape(m: k, n: n, k: m, transposeA: !ta, transposeB: false, accumulate: true))
                } else {  // dB (n×k) += dCᵀ · op(A)
                    context.gemm(
                        dy, valueA, into: &g,
                        GemmShape(m: n, n: k, k: m, transposeA: true, transposeB: ta, accumulate: true))
                }
            }
        }
    }

    /// Whether gradients flowing into node `index` reach a parameter (constants and what is
    /// computed from constants alone need none; this skips dX of a network's first layer).
    func needsGradient(_ index: Int) -> Bool {
        if case .constant = nodes[index].op { return false }
        return true
    }

    private static func propagateUnary(
        _ dy: [Float], x: [Float], y: [Float], _ kind: UnaryKind, into g: inout [Float]
    ) {
        let n = dy.count
        switch kind {
        case .exp: for i in 0..<n { g[i] += dy[i] * y[i] }
        case .log: for i in 0..<n { g[i] += dy[i] * (1 / x[i]) }
        case .sqrt: for i in 0..<n { g[i] += dy[i] * (0.5 / y[i]) }
        case .tanh: for i in 0..<n { g[i] += dy[i] * (1 - y[i] * y[i]) }
        case .sigmoid: for i in 0..<n { g[i] += dy[i] * (y[i] * (1 - y[i])) }
        case .relu: Kernels.addReLUGradient(dy, input: x, into: &g)
        case .gelu: for i in 0..<n { g[i] += dy[i] * Activation.geluDerivative(x[i]) }
        }
    }

    private static func propagateSoftmax(_ dy: [Float], y: [Float], width: Int, isLog: Bool, into g: inout [Float]) {
        for row in 0..<(dy.count / Swift.max(width, 1)) {
            let base = row * width
            var dot: Float = 0
            if isLog {
                for j in 0..<width { dot += dy[base + j] }
                for j in 0..<width { g[base + j] += dy[base + j] - Foundation.exp(y[base + j]) * dot }
            } else {
                for j in 0..<width { dot += dy[base + j] * y[base + j] }
                for j in 0..<width { g[base + j] += y[base + j] * (dy[base + j] - dot) }
            }
        }
    }
}
