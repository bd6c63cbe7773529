/// A trainable tensor: its value, the gradient that `Tape.backward` accumulates into it, and
/// a name for errors, checkpoints and run records.
///
/// A reference type, so that a model, its tape and its optimizer all see one value.
public final class Parameter {
    public let name: String
    public var value: Tensor
    /// Sum of the gradients of every `backward` since the last `zeroGradient()`.
    public var gradient: Tensor

    public init(_ name: String, _ value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = .zeros(value.shape)
    }

    /// Sets the gradient to zeros, in place.
    public func zeroGradient() {
        Kernels.fill(&gradient.scalars, with: 0)
    }
}
