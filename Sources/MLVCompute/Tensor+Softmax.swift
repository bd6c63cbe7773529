import Foundation

extension Tensor {
    /// Softmax along the last axis, computed as exp(x - max) / sum, summed in index order.
    /// - Complexity: O(count).
    public func softmax() throws(ComputeError) -> Tensor {
        var out = try logSoftmax()
        for i in 0..<out.count { out.scalars[i] = Foundation.exp(out.scalars[i]) }
        return out
    }

    /// Log-softmax along the last axis: x - max - log(sum(exp(x - max))).
    public func logSoftmax() throws(ComputeError) -> Tensor {
        let width = try Tensor.softmaxWidth(shape)
        var out = scalars
        Tensor.logSoftmaxRows(scalars, width: width, into: &out)
        return Tensor(unchecked: shape, scalars: out)
    }

    static func softmaxWidth(_ shape: Shape) throws(ComputeError) -> Int {
        guard shape.rank >= 1, let width = shape.dims.last, width > 0 else {
            throw ComputeError(.invalidArgument, "softmax needs a non-empty last axis, got shape \(shape)")
        }
        return width
    }

    /// Writes the log-softmax of each row of `width` elements of `x` into `out`.
    static func logSoftmaxRows(_ x: [Float], width: Int, into out: inout [Float]) {
        for row in 0..<(x.count / width) {
            let base = row * width
            var peak = -Float.infinity
            for j in 0..<width { peak = Swift.max(peak, x[base + j]) }
            var total: Float = 0
            for j in 0..<width { total += Foundation.exp(x[base + j] - peak) }
            let logTotal = Foundation.log(total)
            for j in 0..<width { out[base + j] = x[base + j] - peak - logTotal }
        }
    }
}
