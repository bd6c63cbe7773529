import MLVCompute
import Testing

@Suite struct TapeTests {
    @Test("a loop over batches of one shape allocates during its first step only") func buffersReused() throws {
        let w = Parameter("w", try sampleTensor([8, 4]))
        let b = Parameter("b", try sampleTensor([4], offset: 3))
        let tape = Tape()
        var afterFirstStep = 0
        for step in 0..<5 {
            tape.reset()
            let x = tape.constant(try sampleTensor([6, 8], offset: step))
            let logits = try (x.matmul(tape.parameter(w)) + tape.parameter(b)).relu()
            let loss = try logits.softmaxCrossEntropy(labels: [0, 1, 2, 3, 0, 1])
            try tape.backward(from: loss)
            w.zeroGradient()
            b.zeroGradient()
            if step == 0 { afterFirstStep = tape.allocations }
        }
        #expect(afterFirstStep > 0)
        #expect(tape.allocations == afterFirstStep)
    }

    @Test("gradients of a parameter used twice add up") func sharedParameter() throws {
        let w = Parameter("w", Tensor([3]))
        let tape = Tape()
        let v = tape.parameter(w)
        let loss = try (v * v + v).sum()  // d/dw (w² + w) = 2w + 1
        try tape.backward(from: loss)
        #expect(w.gradient.scalars == [7])
    }

    @Test("backward needs a one-element loss") func lossShape() throws {
        let tape = Tape()
        let v = tape.constant(Tensor([1, 2]))
        #expect(throws: ComputeError.self) { try tape.backward(from: v) }
    }

    @Test("labels outside the class range are named") func badLabel() throws {
        let tape = Tape()
        let logits = tape.constant(Tensor.zeros([2, 3]))
        let error = #expect(throws: ComputeError.self) { try logits.softmaxCrossEntropy(labels: [0, 3]) }
        #expect(error?.message == "label 3 at index 1 is outside 0..<3")
    }
}
