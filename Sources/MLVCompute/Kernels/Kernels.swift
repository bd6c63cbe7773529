internal import CMLVKernels

/// The coefficients of one Adam step (see `Adam`).
struct AdamCoefficients {
    var learningRate: Float
    var beta1: Float
    var beta2: Float
    var epsilon: Float
    var l2: Float
    var decay: Float
    var correction1: Float
    var correction2: Float
}

/// Swift entry points of the C kernels other than the matrix product.
enum Kernels {
    /// One Adam/AdamW update of `parameter` in place; see CMLVKernels.h for the formula.
    /// - Complexity: O(parameter.count).
    static func adamStep(
        _ variant: KernelVariant, parameter: inout [Float], gradient: [Float], m: inout [Float], v: inout [Float],
        _ c: AdamCoefficients
    ) {
        let count = parameter.count
        precondition(gradient.count == count && m.count == count && v.count == count)
        unsafe parameter.withUnsafeMutableBufferPointer { p in
            unsafe gradient.withUnsafeBufferPointer { g in
                unsafe m.withUnsafeMutableBufferPointer { mn in
                    unsafe v.withUnsafeMutableBufferPointer { vn in
                        unsafe mlv_adam_step(
                            variant.code, p.baseAddress, g.baseAddress, mn.baseAddress, vn.baseAddress, count,
                            c.learningRate, c.beta1, c.beta2, c.epsilon, c.l2, c.decay, c.correction1, c.correction2)
                    }
                }
            }
        }
    }
}
