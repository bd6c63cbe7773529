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
            for i in 0..<dy.count { parameter.gradient.scalars[i] += dy[i] }
        case .matmul(let a, let b, let ta, let tb):
            propagateMatmul(dy, a: a, b: b, transposeA: ta, transposeB: tb)
        case .add(let a, let b), .subtract(let a, let b):
            let sign: Float
            if case .add = node.op { sign = 1 } else { sign = -1 }
            gradientSlot(a)
            gradientSlot(b)
            broadcastWalk(nodes[a].shape, nodes[b].shape, node.shape) { i, ia, ib in
                nodes[a].gradient[ia] += dy[i]
                nodes[b].gradient[ib] += sign * dy[i]
            }
        case .multiply(let a, let b):
            gradientSlot(a)
            gradientSlot(b)
            let (x, y) = (nodes[a].value, nodes[b].value)
            broadcastWalk(nodes[a].shape, nodes[b].shape, node.shape) { i, ia, ib in
                nodes[a].gradient[ia] += dy[i] * y[ib]
                nodes[b].gradient[ib] += dy[i] * x[ia]
            }
        case .divide(let a, let b):
            gradientSlot(a)
            gradientSlot(b)
            let (x, y) = (nodes[a].value, nodes[b].value)
            broadcastWalk(nodes[a].shape, nodes[b].shape, node.shape) { i, ia, ib in
                nodes[a].gradient[ia] += dy[i] / y[ib]
                nodes[b].gradient[ib] -= dy[i] * x[ia] / (y[ib] * y[ib])
            }
        case .scale(let a, let factor):
            gradientSlot(a)
            for i in 0..<dy.count { nodes[a].gradient[i] += dy[i] * factor }
        case .unary(let a, let kind):
            gradientSlot(a)
            propagateUnary(dy, input: a, output: node.value, kind)
        case .sum(let a, let axis):
            gradientSlot(a)
            let (outer, length, inner) = value(Variable(tape: self, index: a)).around(axis)
            for o in 0..<outer {
                for l in 0..<length {
                    for i in 0..<inner { nodes[a].gradient[(o * length + l) * inner + i] += dy[o * inner + i] }
                }
            }
        case .max(let a, let axis):
            gradientSlot(a)
            let x = nodes[a].value
            let (outer, length, inner) = value(Variable(tape: self, index: a)).around(axis)
            for o in 0..<outer {
                for i in 0..<inner {
                    let target = node.value[o * inner + i]
                    let l = (0..<length).first { x[(o * length + $0) * inner + i] == target } ?? 0
                    nodes[a].gradient[(o * length + l) * inner + i] += dy[o * inner + i]
                }
            }
        case .sumAll(let a):
            gradientSlot(a)
            for i in 0..<nodes[a].gradient.count { nodes[a].gradient[i] += dy[0] }
        case .softmax(let a), .logSoftmax(let a):
            gradientSlot(a)
            propagateSoftmax(dy, input: a, output: node.value, isLog: { if case .logSoftmax = node.op { true } else { false } }())
        case .slice(let a, let axis, let start):
            gradientSlot(a)
            let (outer, length, inner) = value(Variable(tape: self, index: a)).around(axis)
            let width = node.shape[axis]
            for o in 0..<outer {
                for l in 0..<width {
                    for i in 0..<inner {
                        nodes[a].gradient[(o * length + start + l) * inner + i] += dy[(o * width + l) * inner + i]
                    }
                }
            }
        case .concatenate(let parts, let axis):
            var offset = 0
            let outerCount = value(Variable(tape: self, index: index)).around(axis)
            for part in parts {
                gradientSlot(part)
                let (_, length, inner) = value(Variable(tape: self, index: part)).around(axis)
                for o in 0..<outerCount.outer {
                    for j in 0..<(length * inner) {
                        nodes[part].gradient[o * length * inner + j] +=
                            dy[o * outerCount.length * inner + offset * inner + j]
                    }
                }
                offset += length
            }
        case .gather(let a, let rows):
            gradientSlot(a)
            let width = rows.isEmpty ? 0 : dy.count / rows.count
            for (n, row) in rows.enumerated() {
                for j in 0..<width { nodes[a].gradient[row * width + j] += dy[n * width + j] }
            }
        case .reshape(let a):
            gradientSlot(a)
            for i in 0..<dy.count { nodes[a].gradient[i] += dy[i] }
        case .transpose(let a):
            gradientSlot(a)
            let (rows, columns) = (node.shape[1], node.shape[0])
            for r in 0..<rows { for c in 0..<columns { nodes[a].gradient[r * columns + c] += dy[c * rows + r] } }
        case .softmaxCrossEntropy(let a, let labels):
            gradientSlot(a)
            let classes = nodes[a].shape[1]
            let scale = dy[0] / Float(labels.count)
            for (row, label) in labels.enumerated() {
                for j in 0..<classes {
                    let p = Foundation.exp(node.saved[row * classes + j])
                    nodes[a].gradient[row * classes + j] += (p - (j == label ? 1 : 0)) * scale
                }
            }
        case .meanSquaredError(let a, let b):
            gradientSlot(a)
            gradientSlot(b)
            let scale = 2 * dy[0] / Float(Swift.max(dy.count, nodes[a].value.count))
            for i in 0..<nodes[a].value.count {
                let d = (nodes[a].value[i] - nodes[b].value[i]) * scale
                nodes[a].gradient[i] += d
                nodes[b].gradient[i] -= d
            }
        case .binaryCrossEntropy(let a, let b, let fromLogits):
            gradientSlot(a)
            let scale = dy[0] / Float(Swift.max(nodes[a].value.count, 1))
            for i in 0..<nodes[a].value.count {
                let (p, t) = (nodes[a].value[i], nodes[b].value[i])
                if fromLogits {
                    nodes[a].gradient[i] += (Activation.sigmoid(p) - t) * scale
                } else {
                    let eps = BinaryCrossEntropy.epsilon
                    guard p > eps && p < 1 - eps else { continue }  // clamped: no gradient
                    nodes[a].gradient[i] += (p - t) / (p * (1 - p)) * scale
                }
            }
        }
    }

    private func propagateMatmul(_ dy: [Float], a: Int, b: Int, transposeA ta: Bool, transposeB tb: Bool) {
        let (shapeA, shapeB) = (nodes[a].shape, nodes[b].shape)
        let m = ta ? shapeA[1] : shapeA[0]
        let k = ta ? shapeA[0] : shapeA[1]
        let n = tb ? shapeB[0] : shapeB[1]
        if needsGradient(a) {
            gradientSlot(a)
            if !ta {  // dA (m×k) += dC · op(B)ᵀ
                context.gemm(
                    dy, nodes[b].value, into: &nodes[a].gradient,
                    GemmShape(m: m, n: k, k: n, transposeA: false, transposeB: !tb, accumulate: true))
            } else {  // dA (k×m) += op(B) · dCᵀ
                context.gemm(
                    nodes[b].value, dy, into: &nodes[a].gradient,
                    GemmShape(m: k, n: m, k: n, transposeA: tb, transposeB: true, accumulate: true))
            }
        }
        if needsGradient(b) {
            gradientSlot(b)
            if !tb {  // dB (k×n) += op(A)ᵀ · dC
                context.gemm(
                    nodes[a].value, dy, into: &nodes[b].gradient,
                    GemmShape(m: k, n: n, k: m, transposeA: !ta, transposeB: false, accumulate: true))
            } else {  // dB (n×k) += dCᵀ · op(A)
                context.gemm(
                    dy, nodes[a].value, into: &nodes[b].gradient,
                    GemmShape(m: n, n: k, k: m, transposeA: true, transposeB: ta, accumulate: true))
            }
        }
    }

    /// Whether gradients flowing into node `index` reach a parameter (constants and what is
    /// computed from constants alone need none; this skips dX of a network's first layer).
    func needsGradient(_ index: Int) -> Bool {
        if case .constant = nodes[index].op { return false }
        return true
    }

    private func propagateUnary(_ dy: [Float], input a: Int, output y: [Float], _ kind: UnaryKind) {
        let x = nodes[a].value
        for i in 0..<dy.count {
            let derivative: Float
            switch kind {
            case .exp: derivative = y[i]
            case .log: derivative = 1 / x[i]
            case .sqrt: derivative = 0.5 / y[i]
            case .tanh: derivative = 1 - y[i] * y[i]
            case .sigmoid: derivative = y[i] * (1 - y[i])
            case .relu: derivative = x[i] > 0 ? 1 : 0
            case .gelu: derivative = Activation.geluDerivative(x[i])
            }
            nodes[a].gradient[i] += dy[i] * derivative
        }
    }

    private func propagateSoftmax(_ dy: [Float], input a: Int, output y: [Float], isLog: Bool) {
        let width = nodes[a].shape.dims.last ?? 1
        for row in 0..<(dy.count / Swift.max(width, 1)) {
            let base = row * width
            var dot: Float = 0
            if isLog {
                for j in 0..<width { dot += dy[base + j] }
                for j in 0..<width { nodes[a].gradient[base + j] += dy[base + j] - Foundation.exp(y[base + j]) * dot }
            } else {
                for j in 0..<width { dot += dy[base + j] * y[base + j] }
                for j in 0..<width { nodes[a].gradient[base + j] += y[base + j] * (dy[base + j] - dot) }
            }
        }
    }
}
