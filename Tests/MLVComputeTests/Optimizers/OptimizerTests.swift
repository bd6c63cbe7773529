import Foundation
import MLVCompute
import Testing

@Suite struct OptimizerTests {
    func parameter(_ values: [Float], gradient: [Float]) -> Parameter {
        let p = Parameter("w", Tensor(values))
        p.gradient = Tensor(gradient)
        return p
    }

    @Test("sgd with momentum and weight decay follows the reference formula") func sgd() throws {
        let p = parameter([1, -2], gradient: [0.5, 0.25])
        let sgd = try SGD([p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
        sgd.step()
        // Step 1: g = 0.5 + 0.01·1 = 0.51, v = g, p = 1 - 0.1·0.51
        let g0: Float = 0.5 + 0.01 * 1
        let g1: Float = 0.25 + 0.01 * -2
        #expect(p.value.scalars == [1 - 0.1 * g0, -2 - 0.1 * g1])
        #expect(p.gradient.scalars == [0, 0])
        p.gradient = Tensor([1, 1])
        let before = p.value.scalars
        sgd.step()
        let h0 = 1 + 0.01 * before[0]
        let v0 = 0.9 * g0 + h0
        #expect(p.value.scalars[0] == before[0] - 0.1 * v0)
    }

    @Test("adam and adamw follow the reference formulas for three steps", arguments: [false, true])
    func adam(decoupled: Bool) throws {
        let p = parameter([0.5, -1.5, 2], gradient: [0.1, -0.2, 0.3])
        let adam = try Adam([p], learningRate: 0.01, weightDecay: 0.1, decoupled: decoupled)
        var reference: [Float] = [0.5, -1.5, 2]
        var m: [Float] = [0, 0, 0]
        var v: [Float] = [0, 0, 0]
        var b1t: Float = 1
        var b2t: Float = 1
        let gradients: [[Float]] = [[0.1, -0.2, 0.3], [0.05, 0.1, -0.3], [-0.2, 0, 0.01]]
        for (step, gradient) in gradients.enumerated() {
            if step > 0 { p.gradient = Tensor(gradient) }
            adam.step()
            b1t *= 0.9
            b2t *= 0.999
            for i in 0..<3 {
                let g = gradient[i] + (decoupled ? 0 : 0.1 * reference[i])
                m[i] = 0.9 * m[i] + (1 - 0.9) * g
                v[i] = 0.999 * v[i] + (1 - 0.999) * (g * g)
                let decay: Float = decoupled ? 1 - 0.01 * 0.1 : 1
                let step: Float = 0.01 / (1 - b1t)
                reference[i] =
                    reference[i] * decay - step * (m[i] / (v[i].squareRoot() / (1 - b2t).squareRoot() + 1e-8))
            }
            #expect(p.value.scalars == reference, "step \(step + 1)")
        }
        #expect(adam.steps == 3)
    }

    @Test("every kernel variant updates to the same bits") func variants() throws {
        var results: [[UInt32]] = []
        for variant in KernelVariant.allCases where variant.isSupported {
            let p = Parameter("w", try sampleTensor([1000]))
            let adam = try Adam([p], context: ComputeContext(variant: variant))
            for step in 0..<5 {
                p.gradient = try sampleTensor([1000], offset: step * 31)
                adam.step()
            }
            results.append(p.value.scalars.map(\.bitPattern))
        }
        #expect(results.allSatisfy { $0 == results[0] })
    }

    @Test("rejects bad hyperparameters") func validation() {
        #expect(throws: ComputeError.self) { _ = try SGD([], learningRate: 0) }
        #expect(throws: ComputeError.self) { _ = try SGD([], learningRate: 0.1, momentum: 1) }
        #expect(throws: ComputeError.self) { _ = try Adam([], beta1: 1) }
    }
}
