import Foundation

extension Tensor {
    /// Applies `transform` to every element.
    /// - Complexity: O(count).
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(unchecked: shape, scalars: scalars.map(transform))
    }

    /// Combines two tensors element by element, broadcasting them to a common shape with
    /// numpy's rules.
    /// - Complexity: O(count of the result).
    public static func zip(
        _ a: Tensor, _ b: Tensor, _ combine: (Float, Float) -> Float
    ) throws(ComputeError) -> Tensor {
        if a.shape == b.shape {
            var out = [Float](repeating: 0, count: a.count)
            for i in 0..<a.count { out[i] = combine(a.scalars[i], b.scalars[i]) }
            return Tensor(unchecked: a.shape, scalars: out)
        }
        let shape = try Shape.broadcast(a.shape, b.shape)
        var out = [Float](repeating: 0, count: shape.count)
        var unused = 0
        broadcastWalk(a.shape, b.shape, shape, &out, &unused) { i, ia, ib, out, _ in
            out[i] = combine(a.scalars[ia], b.scalars[ib])
        }
        return Tensor(unchecked: shape, scalars: out)
    }

    /// Strides of `source` seen as `target` (0 along broadcast axes).
    static func broadcastStrides(_ source: Shape, to target: Shape) -> [Int] {
        let own = source.strides
        let lead = target.rank - source.rank
        return (0..<target.rank).map { axis in
            axis < lead || source.dims[axis - lead] == 1 ? 0 : own[axis - lead]
        }
    }

    public static func + (a: Tensor, b: Tensor) throws(ComputeError) -> Tensor { try zip(a, b, +) }
    public static func - (a: Tensor, b: Tensor) throws(ComputeError) -> Tensor { try zip(a, b, -) }
    public static func * (a: Tensor, b: Tensor) throws(ComputeError) -> Tensor { try zip(a, b, *) }
    public static func / (a: Tensor, b: Tensor) throws(ComputeError) -> Tensor { try zip(a, b, /) }

    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }

    public func exp() -> Tensor { map { Foundation.exp($0) } }
    public func log() -> Tensor { map { Foundation.log($0) } }
    public func sqrt() -> Tensor { map { $0.squareRoot() } }
    public func tanh() -> Tensor { map { Foundation.tanh($0) } }
    public func sigmoid() -> Tensor { map(Activation.sigmoid) }
    public func relu() -> Tensor { map { $0 > 0 ? $0 : 0 } }
    /// GELU with the exact error function: x·Φ(x).
    public func gelu() -> Tensor { map(Activation.gelu) }
}

/// Scalar activation functions shared by tensors and their gradients.
enum Activation {
    static func sigmoid(_ x: Float) -> Float {
        // Stable on both sides: never exponentiates a large positive number.
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }

    static func gelu(_ x: Float) -> Float { 0.5 * x * (1 + erf(x / Float(2).squareRoot())) }

    /// d/dx of x·Φ(x) = Φ(x) + x·φ(x).
    static func geluDerivative(_ x: Float) -> Float {
        let cdf = 0.5 * (1 + erf(x / Float(2).squareRoot()))
        let pdf = Foundation.exp(-0.5 * x * x) / (2 * Float.pi).squareRoot()
        return cdf + x * pdf
    }
}
