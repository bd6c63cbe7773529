import MLVCompute
import Testing

/// Deterministic test values: a smooth, sign-changing sequence away from zero.
func sampleTensor(_ dims: [Int], offset: Int = 0, scale: Float = 1) throws -> Tensor {
    let count = dims.reduce(1, *)
    let values = (0..<count).map { i -> Float in
        let x = Float((i + offset) * 7919 % 1000) / 1000  // 0..<1, scrambled
        return scale * (x * 2 - 1 + (x < 0.5 ? -0.1 : 0.1))
    }
    return try Tensor(shape: Shape(dims), scalars: values)
}

/// Compares the tape's gradients of `loss(inputs)` with central finite differences.
func checkGradients(
    _ inputs: [Tensor], step: Float = 1e-2, tolerance: Float = 2e-2, sourceLocation: SourceLocation = #_sourceLocation,
    _ loss: ([Variable]) throws -> Variable
) throws {
    let parameters = inputs.enumerated().map { Parameter("x\($0.offset)", $0.element) }
    let tape = Tape()
    let output = try loss(parameters.map { tape.parameter($0) })
    try tape.backward(from: output)
    func evaluate() throws -> Float {
        let tape = Tape()
        return try loss(parameters.map { tape.parameter($0) }).value.scalars[0]
    }
    for parameter in parameters {
        for i in 0..<parameter.value.count {
            let original = parameter.value.scalars[i]
            parameter.value.scalars[i] = original + step
            let up = try evaluate()
            parameter.value.scalars[i] = original - step
            let down = try evaluate()
            parameter.value.scalars[i] = original
            let numeric = (up - down) / (2 * step)
            let analytic = parameter.gradient.scalars[i]
            #expect(
                abs(numeric - analytic) <= tolerance * max(1, abs(numeric)),
                "d/d\(parameter.name)[\(i)]: numeric \(numeric), analytic \(analytic)", sourceLocation: sourceLocation)
        }
    }
}
