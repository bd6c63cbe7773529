/// Stochastic gradient descent with momentum and weight decay (PyTorch's formulation):
/// g ← g + λ·p;  v ← μ·v + g;  p ← p − lr·v  (v = g on the first step; no momentum when μ = 0).
public final class SGD {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let momentum: Float
    public let weightDecay: Float
    private var velocity: [[Float]]
    private var started = false

    public init(
        _ parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0
    ) throws(ComputeError) {
        guard learningRate > 0, momentum >= 0, momentum < 1, weightDecay >= 0 else {
            throw ComputeError(
                .invalidArgument,
                "sgd needs learning rate > 0, momentum in [0, 1) and weight decay ≥ 0, got \(learningRate), \(momentum), \(weightDecay)"
            )
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.velocity = parameters.map { [Float](repeating: 0, count: $0.value.count) }
    }

    /// Applies one update from the parameters' gradients, then zeroes the gradients.
    /// - Complexity: O(number of parameter elements).
    public func step() {
        for (n, parameter) in parameters.enumerated() {
            for i in 0..<parameter.value.count {
                var g = parameter.gradient.scalars[i] + weightDecay * parameter.value.scalars[i]
                if momentum > 0 {
                    velocity[n][i] = started ? momentum * velocity[n][i] + g : g
                    g = velocity[n][i]
                }
                parameter.value.scalars[i] -= learningRate * g
            }
            parameter.zeroGradient()
        }
        started = true
    }
}
