import Foundation

extension Variable {
    /// Mean softmax cross-entropy of logits `[batch, classes]` against integer labels:
    /// -mean(logSoftmax(logits)[i, label[i]]).
    public func softmaxCrossEntropy(labels: [Int]) throws(ComputeError) -> Variable {
        guard shape.rank == 2, shape[0] == labels.count, shape[1] > 0 else {
            throw ComputeError(
                .shapeMismatch,
                "softmax cross-entropy needs logits [batch, classes] for \(labels.count) labels, got \(shape)")
        }
        let classes = shape[1]
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
            throw ComputeError(.invalidArgument, "label \(labels[bad]) at index \(bad) is outside 0..<\(classes)")
        }
        var logProbabilities = tape.buffer(tape.nodes[index].value.count)
        Tensor.logSoftmaxRows(tape.nodes[index].value, width: classes, into: &logProbabilities)
        var total: Float = 0
        for (row, label) in labels.enumerated() { total -= logProbabilities[row * classes + label] }
        var out = tape.buffer(1)
        out[0] = total / Float(labels.count)
        return tape.append(
            .softmaxCrossEntropy(index, labels: labels), Shape(unchecked: []), out, saved: logProbabilities)
    }

    /// Mean squared error between `self` and `target` (same shape).
    public func meanSquaredError(_ target: Variable) throws(ComputeError) -> Variable {
        guard shape == target.shape else {
            throw ComputeError(.shapeMismatch, "mean squared error of shapes \(shape) and \(target.shape)")
        }
        let p = tape.nodes[index].value
        let t = tape.nodes[target.index].value
        var total: Float = 0
        for i in 0..<p.count { total += (p[i] - t[i]) * (p[i] - t[i]) }
        var out = tape.buffer(1)
        out[0] = total / Float(Swift.max(p.count, 1))
        return tape.append(.meanSquaredError(index, target.index), Shape(unchecked: []), out)
    }

    /// Mean binary cross-entropy of `self` against targets in [0, 1]. With `fromLogits`,
    /// `self` holds logits (the stable form); otherwise probabilities, clamped to
    /// [1e-7, 1 - 1e-7].
    public func binaryCrossEntropy(_ target: Variable, fromLogits: Bool = false) throws(ComputeError) -> Variable {
        guard shape == target.shape else {
            throw ComputeError(.shapeMismatch, "binary cross-entropy of shapes \(shape) and \(target.shape)")
        }
        let p = tape.nodes[index].value
        let t = tape.nodes[target.index].value
        var total: Float = 0
        for i in 0..<p.count {
            if fromLogits {
                let z = p[i]
                total += Swift.max(z, 0) - z * t[i] + Foundation.log1p(Foundation.exp(-Swift.abs(z)))
            } else {
                let q = Swift.min(Swift.max(p[i], BinaryCrossEntropy.epsilon), 1 - BinaryCrossEntropy.epsilon)
                total -= t[i] * Foundation.log(q) + (1 - t[i]) * Foundation.log(1 - q)
            }
        }
        var out = tape.buffer(1)
        out[0] = total / Float(Swift.max(p.count, 1))
        return tape.append(.binaryCrossEntropy(index, target.index, fromLogits: fromLogits), Shape(unchecked: []), out)
    }
}

enum BinaryCrossEntropy {
    static let epsilon: Float = 1e-7
}
