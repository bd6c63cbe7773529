/// A multilayer perceptron: dense layers with an activation between them and none after the
/// last (its outputs are logits or regression values).
public final class MLP {
    /// The activation between dense layers.
    public enum Activation: String, Sendable, CaseIterable, Codable {
        case relu, tanh, sigmoid, gelu
    }

    /// Layer widths, input first: `[784, 256, 128, 10]` has three dense layers.
    public let widths: [Int]
    public let activation: Activation
    /// Weights `[in, out]` and biases `[out]` of each layer, in order: w0, b0, w1, b1, …
    public let parameters: [Parameter]

    /// A network with He-uniform weights (Xavier-uniform for tanh and sigmoid) and zero biases,
    /// drawn from a Philox stream per parameter so each tensor's values depend only on `seed`
    /// and its position.
    public init(widths: [Int], activation: Activation = .relu, seed: UInt64) throws(ComputeError) {
        guard widths.count >= 2, widths.allSatisfy({ $0 > 0 }) else {
            throw ComputeError(.invalidArgument, "an mlp needs at least two positive layer widths, got \(widths)")
        }
        self.widths = widths
        self.activation = activation
        let initializer: Initializer = activation == .relu || activation == .gelu ? .heUniform : .xavierUniform
        let root = Philox(seed: seed)
        var parameters: [Parameter] = []
        for layer in 0..<(widths.count - 1) {
            let (fanIn, fanOut) = (widths[layer], widths[layer + 1])
            var stream = root.split(UInt64(layer))
            let weights = try initializer.values(fanIn: fanIn, fanOut: fanOut, count: fanIn * fanOut, using: &stream)
            parameters.append(
                Parameter("w\(layer)", Tensor(unchecked: Shape(unchecked: [fanIn, fanOut]), scalars: weights)))
            parameters.append(Parameter("b\(layer)", .zeros(Shape(unchecked: [fanOut]))))
        }
        self.parameters = parameters
    }

    /// Records the forward pass of a batch `[rows, widths[0]]` on `x`'s tape.
    public func forward(_ x: Variable) throws(ComputeError) -> Variable {
        guard x.shape.rank == 2, x.shape[1] == widths[0] else {
            throw ComputeError(.shapeMismatch, "mlp input must be [rows, \(widths[0])], got \(x.shape)")
        }
        var h = x
        let layers = widths.count - 1
        for layer in 0..<layers {
            h = try h.matmul(x.tape.parameter(parameters[2 * layer])) + x.tape.parameter(parameters[2 * layer + 1])
            if layer < layers - 1 {
                switch activation {
                case .relu: h = h.relu()
                case .tanh: h = h.tanh()
                case .sigmoid: h = h.sigmoid()
                case .gelu: h = h.gelu()
                }
            }
        }
        return h
    }

    /// The outputs for a batch, without recording gradients.
    public func predict(_ x: Tensor, context: ComputeContext = .serial) throws(ComputeError) -> Tensor {
        let tape = Tape(context: context)
        return try forward(tape.constant(x)).value
    }
}
