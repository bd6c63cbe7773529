extension Tensor {
    /// The matrix product `op(a)·op(b)` of two rank-2 tensors, where op transposes when asked.
    ///
    /// Each element is one fused multiply-add chain in k order, whatever the thread count and
    /// kernel variant (see `KernelVariant`).
    /// - Complexity: O(m·n·k), on `context.threads` threads.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false,
        context: ComputeContext = .serial
    ) throws(ComputeError) -> Tensor {
        let shape = try gemmShape(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB)
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        context.gemm(a.scalars, b.scalars, into: &c, shape)
        return Tensor(unchecked: Shape(unchecked: [shape.m, shape.n]), scalars: c)
    }

    static func gemmShape(
        _ a: Shape, _ b: Shape, transposeA: Bool, transposeB: Bool
    ) throws(ComputeError) -> GemmShape {
        guard a.rank == 2 && b.rank == 2 else {
            throw ComputeError(.shapeMismatch, "matmul needs two matrices, got shapes \(a) and \(b)")
        }
        let (m, ka) = transposeA ? (a[1], a[0]) : (a[0], a[1])
        let (kb, n) = transposeB ? (b[1], b[0]) : (b[0], b[1])
        guard ka == kb else {
            throw ComputeError(
                .shapeMismatch,
                "matmul of \(a)\(transposeA ? "ᵀ" : "") and \(b)\(transposeB ? "ᵀ" : ""): inner sizes \(ka) and \(kb) differ"
            )
        }
        return GemmShape(m: m, n: n, k: ka, transposeA: transposeA, transposeB: transposeB, accumulate: false)
    }
}
