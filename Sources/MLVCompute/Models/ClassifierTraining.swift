/// Mini-batch training of a classifier with softmax cross-entropy.
///
/// Each epoch visits the rows in an order drawn from a Philox stream of (`seed`, epoch), so the
/// order, and with it every weight, depends only on the inputs and the seed — never on the
/// thread count or timing.
public struct ClassifierTraining {
    public var epochs: Int
    public var batchSize: Int
    public var seed: UInt64

    public init(epochs: Int, batchSize: Int, seed: UInt64) throws(ComputeError) {
        guard epochs >= 1, batchSize >= 1 else {
            throw ComputeError(
                .invalidArgument, "training needs epochs ≥ 1 and batch size ≥ 1, got \(epochs) and \(batchSize)")
        }
        self.epochs = epochs
        self.batchSize = batchSize
        self.seed = seed
    }

    /// Trains `model` on `features` `[rows, inputs]` and `labels`, stepping `step` (an optimizer's
    /// `step()`) after each batch; returns the mean loss of each epoch.
    public func run(
        _ model: MLP, features: Tensor, labels: [Int], context: ComputeContext = .serial, step: () -> Void
    ) throws(ComputeError) -> [Float] {
        guard features.shape.rank == 2, features.shape[0] == labels.count else {
            throw ComputeError(
                .shapeMismatch,
                "training needs features [rows, columns] for \(labels.count) labels, got \(features.shape)")
        }
        try features.checkFinite(name: "features")
        let rows = labels.count
        let tape = Tape(context: context)
        var losses: [Float] = []
        var batchLabels: [Int] = []
        batchLabels.reserveCapacity(batchSize)
        for epoch in 0..<epochs {
            var order = Philox(seed: seed, stream: UInt64(epoch) + 1)
            let permutation = try order.permutation(count: rows)
            var total: Float = 0
            var start = 0
            while start < rows {
                let batch = permutation[start..<min(start + batchSize, rows)]
                tape.reset()
                let x = tape.constant(gathering: batch, from: features)
                batchLabels.removeAll(keepingCapacity: true)
                for row in batch { batchLabels.append(labels[row]) }
                let loss = try model.forward(x).softmaxCrossEntropy(labels: batchLabels)
                total += loss.value.scalars[0] * Float(batch.count)
                try tape.backward(from: loss)
                tape.reset()  // releases the parameters' storage, so the step updates it in place
                step()
                start += batchSize
            }
            losses.append(total / Float(rows))
        }
        return losses
    }
}

extension Tape {
    /// A constant made of rows of a matrix, picked by index (a batch), in a pooled buffer.
    public func constant(gathering rows: some Collection<Int>, from matrix: Tensor) -> Variable {
        let width = matrix.shape.rank == 2 ? matrix.shape[1] : 1
        var value = buffer(rows.count * width)
        var offset = 0
        for row in rows {
            value.replaceSubrange(offset..<(offset + width), with: matrix.scalars[(row * width)..<((row + 1) * width)])
            offset += width
        }
        return append(.constant, Shape(unchecked: [rows.count, width]), value)
    }
}
