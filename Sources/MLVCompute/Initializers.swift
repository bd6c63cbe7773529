/// How to fill a weight tensor before training, given the layer's fan-in and fan-out.
///
/// The random schemes draw through ``Philox`` only, so equal generator states give equal weights:
///
/// | case | distribution |
/// |---|---|
/// | `xavierUniform` | U(−a, a), a = √(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010) |
/// | `xavierNormal` | N(0, σ²), σ = √(2 / (fanIn + fanOut)) |
/// | `heUniform` | U(−a, a), a = √(6 / fanIn) (He et al., 2015) |
/// | `heNormal` | N(0, σ²), σ = √(2 / fanIn) |
/// | `zeros` | 0 |
/// | `constant(c)` | c |
///
/// Normal draws are not truncated.
public enum Initializer: Sendable, Equatable {
    case xavierUniform
    case xavierNormal
    case heUniform
    case heNormal
    case zeros
    case constant(Float)

    /// Returns `count` initial weights for a layer with `fanIn` inputs and `fanOut` outputs.
    ///
    /// Uniform schemes use ``Philox/uniforms(count:low:high:)`` on [−a, a); normal schemes use
    /// ``Philox/normals(count:mean:std:)``. The He schemes ignore `fanOut`; `zeros` and `constant`
    /// leave `rng` untouched and ignore both fans.
    ///
    /// - Parameters:
    ///   - fanIn: the number of inputs of each unit (for a convolution, in-channels × kernel area).
    ///   - fanOut: the number of outputs fed by each input (out-channels × kernel area).
    ///   - count: the number of weights to return.
    ///   - rng: the generator to draw from; it advances as the distribution method says.
    /// - Throws: `ComputeError.invalidArgument` when `count` is negative, when a random scheme gets a
    ///   fan that is not positive, or when `constant` is not finite.
    /// - Complexity: O(`count`).
    public func values(fanIn: Int, fanOut: Int, count: Int, using rng: inout Philox) throws(ComputeError) -> [Float] {
        try Philox.check(count: count)
        switch self {
        case .zeros:
            return Array(repeating: 0, count: count)
        case .constant(let value):
            guard value.isFinite else {
                throw ComputeError(.invalidArgument, "constant initializer value \(value) is not finite")
            }
            return Array(repeating: value, count: count)
        case .xavierUniform, .heUniform:
            let bound = Float(try randomScale(fanIn: fanIn, fanOut: fanOut))
            return try rng.uniforms(count: count, low: -bound, high: bound)
        case .xavierNormal, .heNormal:
            let std = Float(try randomScale(fanIn: fanIn, fanOut: fanOut))
            return try rng.normals(count: count, mean: 0, std: std)
        }
    }

    /// The bound `a` that the uniform schemes draw within, or the standard deviation of the normal
    /// schemes; `nil` for `zeros` and `constant`.
    ///
    /// - Throws: `ComputeError.invalidArgument` for a fan that is not positive, as
    ///   ``values(fanIn:fanOut:count:using:)`` does.
    public func scale(fanIn: Int, fanOut: Int) throws(ComputeError) -> Double? {
        switch self {
        case .zeros, .constant: nil
        default: try randomScale(fanIn: fanIn, fanOut: fanOut)
        }
    }

    /// The bound or standard deviation of a random scheme, computed in `Double` (0 for the others).
    private func randomScale(fanIn: Int, fanOut: Int) throws(ComputeError) -> Double {
        switch self {
        case .zeros, .constant: 0
        case .xavierUniform: (6 / Double(try Self.fans(fanIn, fanOut))).squareRoot()
        case .xavierNormal: (2 / Double(try Self.fans(fanIn, fanOut))).squareRoot()
        case .heUniform: (6 / Double(try Self.fans(fanIn, nil))).squareRoot()
        case .heNormal: (2 / Double(try Self.fans(fanIn, nil))).squareRoot()
        }
    }

    /// `fanIn + fanOut`, or `fanIn` alone when `fanOut` is `nil`, after checking each is positive.
    private static func fans(_ fanIn: Int, _ fanOut: Int?) throws(ComputeError) -> Int {
        guard fanIn > 0 else {
            throw ComputeError(.invalidArgument, "initializer fan-in \(fanIn) is not positive")
        }
        guard let fanOut else { return fanIn }
        guard fanOut > 0 else {
            throw ComputeError(.invalidArgument, "initializer fan-out \(fanOut) is not positive")
        }
        return fanIn + fanOut
    }
}
