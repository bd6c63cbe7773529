import MLVCompute
import Testing

@Suite struct GradientTests {
    /// Weights that make a scalar out of any output, so every element's gradient matters.
    func weighted(_ v: Variable) throws -> Variable {
        let w = v.tape.constant(try sampleTensor(v.shape.dims, offset: 500))
        return try (v * w).sum()
    }

    @Test("matmul in all four transpose combinations") func matmul() throws {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = try sampleTensor(ta ? [4, 3] : [3, 4])
            let b = try sampleTensor(tb ? [5, 4] : [4, 5], offset: 17)
            try checkGradients([a, b]) { try weighted($0[0].matmul($0[1], transposeA: ta, transposeB: tb)) }
        }
    }

    @Test("add, subtract, multiply and divide with broadcasting") func arithmetic() throws {
        let a = try sampleTensor([3, 4])
        let row = try sampleTensor([4], offset: 3)
        let column = try sampleTensor([3, 1], offset: 9).map { $0 + 2 }
        try checkGradients([a, row]) { try weighted($0[0] + $0[1]) }
        try checkGradients([a, row]) { try weighted($0[0] - $0[1]) }
        try checkGradients([a, column]) { try weighted($0[0] * $0[1]) }
        try checkGradients([a, column]) { try weighted($0[0] / $0[1]) }
        try checkGradients([row, a]) { try weighted($0[0] * $0[1] * 0.5) }
    }

    @Test("elementwise functions") func unary() throws {
        let x = try sampleTensor([2, 5])
        let positive = x.map { abs($0) + 0.5 }
        try checkGradients([x]) { try weighted($0[0].exp()) }
        try checkGradients([positive]) { try weighted($0[0].log()) }
        try checkGradients([positive]) { try weighted($0[0].sqrt()) }
        try checkGradients([x]) { try weighted($0[0].tanh()) }
        try checkGradients([x]) { try weighted($0[0].sigmoid()) }
        try checkGradients([x]) { try weighted($0[0].relu()) }
        try checkGradients([x]) { try weighted($0[0].gelu()) }
    }

    @Test("reductions, softmax and log-softmax") func reductions() throws {
        let x = try sampleTensor([3, 4, 2])
        try checkGradients([x]) { try weighted($0[0].sum(axis: 1)) }
        try checkGradients([x]) { try weighted($0[0].mean(axis: -1)) }
        try checkGradients([x]) { try weighted($0[0].max(axis: 0)) }
        try checkGradients([x]) { $0[0].mean() }
        let logits = try sampleTensor([3, 5], scale: 2)
        try checkGradients([logits]) { try weighted($0[0].softmax()) }
        try checkGradients([logits]) { try weighted($0[0].logSoftmax()) }
    }

    @Test("slicing, concatenation, gather, reshape and transpose") func shapes() throws {
        let x = try sampleTensor([4, 3])
        let y = try sampleTensor([2, 3], offset: 11)
        try checkGradients([x]) { try weighted($0[0].slice(axis: 0, 1..<3)) }
        try checkGradients([x]) { try weighted($0[0].slice(axis: 1, 0..<2)) }
        try checkGradients([x, y]) { try weighted(Variable.concatenate([$0[0], $0[1]], axis: 0)) }
        try checkGradients([x]) { try weighted($0[0].gather(rows: [3, 0, 3])) }
        try checkGradients([x]) { try weighted($0[0].reshaped([2, 6])) }
        try checkGradients([x]) { try weighted($0[0].transposed()) }
    }

    @Test("losses") func losses() throws {
        let logits = try sampleTensor([4, 3], scale: 2)
        try checkGradients([logits]) { try $0[0].softmaxCrossEntropy(labels: [2, 0, 1, 2]) }
        let prediction = try sampleTensor([2, 3])
        let target = try sampleTensor([2, 3], offset: 40)
        try checkGradients([prediction]) { try $0[0].meanSquaredError($0[0].tape.constant(target)) }
        let probabilities = prediction.map { 0.5 + 0.4 * $0 }
        let labels = try Tensor(shape: [2, 3], scalars: [1, 0, 1, 0, 0, 1])
        try checkGradients([probabilities], step: 1e-3) {
            try $0[0].binaryCrossEntropy($0[0].tape.constant(labels))
        }
        try checkGradients([prediction]) { try $0[0].binaryCrossEntropy($0[0].tape.constant(labels), fromLogits: true) }
    }

    @Test("a two-layer network end to end") func network() throws {
        let x = try sampleTensor([5, 4])
        let w1 = try sampleTensor([4, 6], offset: 1)
        let b1 = try sampleTensor([6], offset: 2)
        let w2 = try sampleTensor([6, 3], offset: 3)
        try checkGradients([w1, b1, w2]) { p in
            let input = p[0].tape.constant(x)
            let hidden = try (input.matmul(p[0]) + p[1]).tanh()
            return try hidden.matmul(p[2]).softmaxCrossEntropy(labels: [0, 1, 2, 1, 0])
        }
    }
}
