internal import CMLVKernels

/// Dimensions and layout of one product `C = op(A)·op(B)` (or `C += …`), row-major.
struct GemmShape {
    var m: Int
    var n: Int
    var k: Int
    var transposeA: Bool
    var transposeB: Bool
    var accumulate: Bool
}

extension ComputeContext {
    /// Computes `c = op(a)·op(b)` (or `c += …` when `shape.accumulate`), where op(a) is m×k and
    /// op(b) is k×n; `a` is stored m×k (k×m when transposed), `b` k×n (n×k when transposed).
    ///
    /// The output is split into `threads` bands of whole register tiles, over rows or columns,
    /// whichever is longer; the summation over k is never split, so the result is the same for
    /// every thread count.
    /// - Complexity: O(m·n·k).
    func gemm(_ a: borrowing [Float], _ b: borrowing [Float], into c: inout [Float], _ shape: GemmShape) {
        precondition(a.count >= shape.m * shape.k && b.count >= shape.k * shape.n && c.count >= shape.m * shape.n)
        let (mr, nr) = variant.tile
        let splitColumns = shape.n >= shape.m
        let tiles = splitColumns ? (shape.n + nr - 1) / nr : (shape.m + mr - 1) / mr
        let work = shape.m * shape.n * shape.k
        // Below ~2 MFLOP a second thread costs more to wake than it saves.
        let parts = work < 1 << 20 ? 1 : min(threads, max(tiles, 1))
        let code = variant.code
        scratch.withLock { scratch in
            unsafe a.withUnsafeBufferPointer { pa in
                unsafe b.withUnsafeBufferPointer { pb in
                    unsafe c.withUnsafeMutableBufferPointer { pc in
                        let args = unsafe UncheckedSendable(
                            mlv_sgemm_args(
                                variant: code, trans_a: shape.transposeA ? 1 : 0, trans_b: shape.transposeB ? 1 : 0,
                                accumulate: shape.accumulate ? 1 : 0, m: shape.m, n: shape.n, k: shape.k,
                                a: pa.baseAddress, lda: shape.transposeA ? shape.m : shape.k,
                                b: pb.baseAddress, ldb: shape.transposeB ? shape.k : shape.n,
                                c: pc.baseAddress, ldc: shape.n))
                        let scratch = unsafe UncheckedSendable(scratch)
                        parallel(parts) { part in
                            var args = unsafe args.value
                            let first = tiles * part / parts
                            let last = tiles * (part + 1) / parts
                            if splitColumns {
                                unsafe mlv_sgemm_block(
                                    &args, 0, shape.m, first * nr, min(last * nr, shape.n), scratch.value.buffer(part))
                            } else {
                                unsafe mlv_sgemm_block(
                                    &args, first * mr, min(last * mr, shape.m), 0, shape.n, scratch.value.buffer(part))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Carries a value holding pointers into the parts of one parallel call.
/// - Warning: only for values whose memory outlives the call and whose parts touch disjoint
///   memory (each part writes its own band of C and its own scratch buffer).
@unsafe struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { unsafe self.value = value }
}
