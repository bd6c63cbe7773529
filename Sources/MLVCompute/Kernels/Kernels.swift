internal import CMLVKernels

/// The coefficients of one Adam step (see `Adam`).
struct AdamCoefficients: Sendable {
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
        unsafe array.withUnsafeMutableBufferPointer { unsafe $0.update(repeating: value) }
    }

    /// `target[i] += source[i]` for every i.
    static func add(_ source: [Float], into target: inout [Float]) {
        precondition(source.count == target.count)
        unsafe target.withUnsafeMutableBufferPointer { t in
            unsafe source.withUnsafeBufferPointer { s in
                for i in 0..<s.count { unsafe t[i] += s[i] }
            }
        }
    }

    /// `target[i] += dy[i]` where `x[i] > 0` (the gradient of ReLU).
    static func addReLUGradient(_ dy: [Float], input x: [Float], into target: inout [Float]) {
        precondition(dy.count == target.count && x.count == target.count)
        unsafe target.withUnsafeMutableBufferPointer { t in
            unsafe dy.withUnsafeBufferPointer { d in
                unsafe x.withUnsafeBufferPointer { x in
                    for i in 0..<d.count { unsafe t[i] += x[i] > 0 ? d[i] : 0 }
                }
            }
        }
    }

    /// One Adam/AdamW update of `parameter` in place; see CMLVKernels.h for the formula.
    /// - Complexity: O(parameter.count).
    /// Elements are split into fixed blocks spread over the context's threads; each element's
    /// update is independent, so the split does not change the result.
    static func adamStep(
        _ context: ComputeContext, parameter: inout [Float], gradient: [Float], m: inout [Float], v: inout [Float],
        _ c: AdamCoefficients
    ) {
        let count = parameter.count
        precondition(gradient.count == count && m.count == count && v.count == count)
        let block = 16_384
        let parts = (count + block - 1) / block
        let code = context.variant.code
        unsafe parameter.withUnsafeMutableBufferPointer { p in
            unsafe gradient.withUnsafeBufferPointer { g in
                unsafe m.withUnsafeMutableBufferPointer { mn in
                    unsafe v.withUnsafeMutableBufferPointer { vn in
                        let buffers = unsafe UncheckedSendable((p, g, mn, vn))
                        context.parallel(parts) { part in
                            let (p, g, mn, vn) = unsafe buffers.value
                            let start = part * block
                            let n = Swift.min(block, count - start)
                            guard let p = p.baseAddress, let g = g.baseAddress,
                                let mn = mn.baseAddress, let vn = vn.baseAddress
                            else { return }
                            unsafe mlv_adam_step(
                                code, p + start, g + start, mn + start, vn + start, n, c.learningRate, c.beta1, c.beta2,
                                c.epsilon, c.l2, c.decay, c.correction1,
                                c.correction2)
                        }
                    }
                }
            }
        }
    }
}
