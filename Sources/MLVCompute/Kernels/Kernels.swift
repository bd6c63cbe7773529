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

/// Swift entry points of the C kernels other than the matrix product, and small loops that
/// must run on a local array (one exclusive access) rather than element by element through a
/// class property.
enum Kernels {
    /// Sets every element to `value`.
    static func fill(_ array: inout [Float], with value: Float) {
        for i in array.indices { array[i] = value }
    }

    /// `target[i] += source[i]` for every i.
    static func add(_ source: [Float], into target: inout [Float]) {
        precondition(source.count == target.count)
        for i in target.indices { target[i] += source[i] }
    }

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
