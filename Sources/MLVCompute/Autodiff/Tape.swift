/// Records tensor operations for reverse-mode differentiation (define by run).
///
/// Each training step records its forward pass on the tape, calls `backward(from:)`, then
/// `reset()`. The tape keeps the buffers of the previous step and hands them out again to the
/// operations of the next step that need the same element count, so a loop over batches of one
/// shape allocates its buffers during the first step only (`allocations` counts the misses).
///
/// Not thread-safe: one tape per training loop. The products inside run on `context`.
public final class Tape {
    public let context: ComputeContext
    var nodes: [Node] = []
    private var pool: [Int: [[Float]]] = [:]
    /// The number of buffers allocated because none of the right size was free.
    public private(set) var allocations = 0

    public init(context: ComputeContext = .serial) {
        self.context = context
    }

    /// Forgets the recorded operations and keeps their buffers for the next step.
    public func reset() {
        for index in nodes.indices {
            if case .parameter = nodes[index].op {
                nodes[index].value = []  // the parameter's own storage: not the pool's
            } else {
                recycle(&nodes[index].value)
            }
            recycle(&nodes[index].gradient)
            recycle(&nodes[index].saved)
        }
        nodes.removeAll(keepingCapacity: true)
    }

    /// A buffer of `count` elements with unspecified contents.
    func buffer(_ count: Int) -> [Float] {
        if count > 0, let reused = pool[count]?.popLast() { return reused }
        if count > 0 { allocations += 1 }
        return [Float](repeating: 0, count: count)
    }

    /// A buffer of `count` zeros.
    func zeros(_ count: Int) -> [Float] {
        var out = buffer(count)
        Kernels.fill(&out, with: 0)
        return out
    }

    private func recycle(_ array: inout [Float]) {
        guard !array.isEmpty else { return }
        var taken = [Float]()
        swap(&taken, &array)
        pool[taken.count, default: []].append(taken)
    }

    func append(_ op: Op, _ shape: Shape, _ value: [Float], saved: [Float] = []) -> Variable {
        nodes.append(Node(op: op, shape: shape, value: value, gradient: [], saved: saved))
        return Variable(tape: self, index: nodes.count - 1)
    }

    /// A value that gradients do not flow into (inputs, targets).
    public func constant(_ tensor: Tensor) -> Variable {
        var value = buffer(tensor.count)
        for i in 0..<tensor.count { value[i] = tensor.scalars[i] }
        return append(.constant, tensor.shape, value)
    }

    /// A parameter's current value; `backward` adds its gradient to `parameter.gradient`.
    ///
    /// The tape shares the parameter's elements rather than copying them, until `reset()`:
    /// reset before an optimizer step, or the step copies them once.
    public func parameter(_ parameter: Parameter) -> Variable {
        append(.parameter(parameter), parameter.value.shape, parameter.value.scalars)
    }

    /// The value of a recorded variable.
    public func value(_ variable: Variable) -> Tensor {
        Tensor(unchecked: nodes[variable.index].shape, scalars: nodes[variable.index].value)
    }

    /// Back-propagates from `loss` (a one-element variable, seeded with gradient 1) through
    /// every operation recorded before it, in reverse order, and adds the gradients of the
    /// parameters to their `gradient`.
    /// - Complexity: about twice the work of the forward pass.
    public func backward(from loss: Variable) throws(ComputeError) {
        guard nodes[loss.index].value.count == 1 else {
            throw ComputeError(
                .shapeMismatch, "backward needs a one-element loss, got shape \(nodes[loss.index].shape)")
        }
        nodes[loss.index].gradient = buffer(1)
        nodes[loss.index].gradient[0] = 1
        for index in stride(from: loss.index, through: 0, by: -1) where !nodes[index].gradient.isEmpty {
            propagate(index)
        }
    }

}

/// A handle to a value recorded on a tape.
public struct Variable {
    public let tape: Tape
    let index: Int

    /// The shape of the value.
    public var shape: Shape { tape.nodes[index].shape }
    /// The value.
    public var value: Tensor { tape.value(self) }
}

struct Node {
    var op: Op
    var shape: Shape
    var value: [Float]
    var gradient: [Float]
    /// What the gradient rule needs beyond the inputs and the value (e.g. probabilities).
    var saved: [Float]
}

enum UnaryKind { case exp, log, sqrt, tanh, sigmoid, relu, gelu }

indirect enum Op {
    case constant
    case parameter(Parameter)
    case matmul(Int, Int, transposeA: Bool, transposeB: Bool)
    case add(Int, Int)
    case subtract(Int, Int)
    case multiply(Int, Int)
    case divide(Int, Int)
    case scale(Int, Float)
    case unary(Int, UnaryKind)
    case sum(Int, axis: Int)
    case max(Int, axis: Int)
    case sumAll(Int)
    case softmax(Int)
    case logSoftmax(Int)
    case slice(Int, axis: Int, start: Int)
    case concatenate([Int], axis: Int)
    case gather(Int, [Int])
    case reshape(Int)
    case transpose(Int)
    case softmaxCrossEntropy(Int, labels: [Int])
    case meanSquaredError(Int, Int)
    case binaryCrossEntropy(Int, Int, fromLogits: Bool)
}
