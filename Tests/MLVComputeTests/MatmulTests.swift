import MLVCompute
import Testing

@Suite struct MatmulTests {
    /// The product computed the way every kernel promises to: one fused multiply-add chain in
    /// k order per element.
    func reference(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> [Float] {
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let n = transposeB ? b.shape[0] : b.shape[1]
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var c: Float = 0
                for p in 0..<k {
                    let x = transposeA ? a.scalars[p * m + i] : a.scalars[i * k + p]
                    let y = transposeB ? b.scalars[j * k + p] : b.scalars[p * n + j]
                    c = c.addingProduct(x, y)
                }
                out[i * n + j] = c
            }
        }
        return out
    }

    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (2, 3, 4), (13, 37, 29), (12, 32, 256), (25, 70, 300), (130, 40, 513),
    ]

    @Test("matches the fma-chain reference bit for bit", arguments: shapes)
    func reference(shape: (Int, Int, Int)) throws {
        let (m, n, k) = shape
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = try sampleTensor(ta ? [k, m] : [m, k])
            let b = try sampleTensor(tb ? [n, k] : [k, n], offset: 5)
            let expected = reference(a, b, transposeA: ta, transposeB: tb)
            for variant in KernelVariant.allCases where variant.isSupported {
                let c = try Tensor.matmul(
                    a, b, transposeA: ta, transposeB: tb, context: ComputeContext(threads: 1, variant: variant))
                #expect(c.shape.dims == [m, n])
                #expect(
                    c.scalars.map(\.bitPattern) == expected.map(\.bitPattern),
                    "\(variant.rawValue) \(m)x\(n)x\(k) ta \(ta) tb \(tb)")
            }
        }
    }

    @Test("gives the same bits for 1, 2, 3 and 4 threads") func threads() throws {
        let a = try sampleTensor([200, 300])
        let b = try sampleTensor([300, 150], offset: 9)
        let single = try Tensor.matmul(a, b, context: ComputeContext(threads: 1))
        for threads in 2...4 {
            let c = try Tensor.matmul(a, b, context: ComputeContext(threads: threads))
            #expect(c.isBitIdentical(to: single), "\(threads) threads")
            let tall = try Tensor.matmul(
                b, a, transposeA: true, transposeB: true, context: ComputeContext(threads: threads))
            let tallSingle = try Tensor.matmul(b, a, transposeA: true, transposeB: true)
            #expect(tall.isBitIdentical(to: tallSingle))
        }
    }

    @Test("hand-computed product") func small() throws {
        let a = try Tensor(rows: [[1, 2], [3, 4]])
        let b = try Tensor(rows: [[5, 6, 7], [8, 9, 10]])
        #expect(try Tensor.matmul(a, b).scalars == [21, 24, 27, 47, 54, 61])
        #expect(try Tensor.matmul(a, a, transposeA: true).scalars == [10, 14, 14, 20])
        let empty = try Tensor.matmul(Tensor(shape: [2, 0], scalars: []), Tensor(shape: [0, 3], scalars: []))
        #expect(empty.scalars == [0, 0, 0, 0, 0, 0])
    }

    @Test("rejects mismatched inner sizes with both shapes in the message") func mismatch() throws {
        let error = #expect(throws: ComputeError.self) {
            try Tensor.matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 2]))
        }
        #expect(error?.code == .shapeMismatch)
        #expect(error?.message.contains("[2, 3]") == true && error?.message.contains("[4, 2]") == true)
    }

    @Test("records a variant signature that names the tile and the summation rule") func signature() {
        let variant = KernelVariant.best
        #expect(variant.isSupported)
        #expect(variant.signature.contains(variant.rawValue))
        #expect(variant.signature.contains("fma-chain"))
    }
}
