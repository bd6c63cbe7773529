/// Adam (Kingma & Ba) and AdamW (Loshchilov & Hutter), with PyTorch's defaults and formulas:
/// g ← g + λ·p (Adam's L2 term; AdamW instead multiplies p by 1 − lr·λ first);
/// m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  p ← p − (lr/(1−β₁ᵗ))·(m / (√v/√(1−β₂ᵗ) + ε)).
///
/// The update runs in the C kernels (vectorised; no fused multiply-add, so every variant gives
/// the same bits).
public final class Adam {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    /// True for AdamW's decoupled weight decay.
    public let decoupled: Bool
    public private(set) var steps = 0
    private var m: [[Float]]
    private var v: [[Float]]
    private let context: ComputeContext
    private var beta1Power: Float = 1
    private var beta2Power: Float = 1

    public init(
        _ parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-8, weightDecay: Float = 0, decoupled: Bool = false, context: ComputeContext = .serial
    ) throws(ComputeError) {
        guard learningRate > 0, (0..<1).contains(beta1), (0..<1).contains(beta2), epsilon > 0, weightDecay >= 0 else {
            throw ComputeError(
                .invalidArgument,
                "adam needs learning rate > 0, betas in [0, 1), epsilon > 0 and weight decay ≥ 0")
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        self.context = context
        self.m = parameters.map { [Float](repeating: 0, count: $0.value.count) }
        self.v = self.m
    }

    /// AdamW: Adam with decoupled weight decay (default decay 0.01, as PyTorch).
    public static func adamW(
        _ parameters: [Parameter], learningRate: Float = 1e-3, weightDecay: Float = 0.01,
        context: ComputeContext = .serial
    ) throws(ComputeError) -> Adam {
        try Adam(parameters, learningRate: learningRate, weightDecay: weightDecay, decoupled: true, context: context)
    }

    /// Applies one update from the parameters' gradients, then zeroes the gradients.
    /// - Complexity: O(number of parameter elements).
    public func step() {
        steps += 1
        // β^t by repeated multiplication in Float, the same on every platform.
        beta1Power *= beta1
        beta2Power *= beta2
        let bc1 = 1 - beta1Power
        let bc2 = 1 - beta2Power
        let l2 = decoupled ? 0 : weightDecay
        let decay = decoupled ? 1 - learningRate * weightDecay : 1
        for (n, parameter) in parameters.enumerated() {
            Kernels.adamStep(
                context, parameter: &parameter.value.scalars, gradient: parameter.gradient.scalars, m: &m[n],
                v: &v[n],
                AdamCoefficients(
                    learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, l2: l2, decay: decay,
                    correction1: bc1, correction2: bc2))
            parameter.zeroGradient()
        }
    }

}
