/// A dense, row-major array of `Float` values with a shape.
///
/// A value type with copy-on-write storage: copies are cheap until one of them is changed.
/// Operations never read the clock or a global generator, so equal inputs give equal bits.
public struct Tensor: Sendable, CustomStringConvertible {
    /// The dimensions.
    public private(set) var shape: Shape
    /// The elements in row-major order. Elements may be changed in place; the count must stay
    /// `shape.count` (operations index by the shape, and a short array traps).
    public var scalars: [Float]

    /// Makes a tensor from its elements in row-major order.
    public init(shape: Shape, scalars: [Float]) throws(ComputeError) {
        guard scalars.count == shape.count else {
            throw ComputeError(
                .shapeMismatch, "shape \(shape) holds \(shape.count) elements but \(scalars.count) were given")
        }
        self.shape = shape
        self.scalars = scalars
    }

    init(unchecked shape: Shape, scalars: [Float]) {
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape with every element `value`.
    public init(repeating value: Float, shape: Shape) {
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.count)
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: Shape) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A scalar (rank 0) tensor.
    public init(_ value: Float) {
        self.shape = Shape(unchecked: [])
        self.scalars = [value]
    }

    /// A rank-1 tensor.
    public init(_ values: [Float]) {
        self.shape = Shape(unchecked: [values.count])
        self.scalars = values
    }

    /// A rank-2 tensor from rows of equal length.
    public init(rows: [[Float]]) throws(ComputeError) {
        let columns = rows.first?.count ?? 0
        if let bad = rows.firstIndex(where: { $0.count != columns }) {
            throw ComputeError(.shapeMismatch, "row \(bad) has \(rows[bad].count) values, row 0 has \(columns)")
        }
        self.shape = Shape(unchecked: [rows.count, columns])
        self.scalars = rows.flatMap { $0 }
    }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The same elements with another shape of equal count.
    public func reshaped(_ newShape: Shape) throws(ComputeError) -> Tensor {
        guard newShape.count == shape.count else {
            throw ComputeError(.shapeMismatch, "cannot reshape \(shape) (\(shape.count) elements) to \(newShape)")
        }
        return Tensor(unchecked: newShape, scalars: scalars)
    }

    /// The element at a multi-dimensional index.
    public subscript(_ index: Int...) -> Float {
        get { scalars[offset(index)] }
        set { scalars[offset(index)] = newValue }
    }

    private func offset(_ index: [Int]) -> Int {
        precondition(index.count == shape.rank, "index \(index) does not match shape \(shape)")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape.dims[axis], "index \(index) is out of range for shape \(shape)")
            offset = offset * shape.dims[axis] + i
        }
        return offset
    }

    /// True when both tensors have the same shape and the same bits in every element (NaNs
    /// included), which is what reproducibility promises.
    public func isBitIdentical(to other: Tensor) -> Bool {
        shape == other.shape && scalars.elementsEqual(other.scalars) { $0.bitPattern == $1.bitPattern }
    }

    /// Throws naming `name` and the index of the first NaN or infinity, if any.
    public func checkFinite(name: String) throws(ComputeError) {
        if let bad = scalars.firstIndex(where: { !$0.isFinite }) {
            var index = [Int]()
            var rest = bad
            for dim in shape.dims.reversed() {
                index.append(rest % Swift.max(dim, 1))
                rest /= Swift.max(dim, 1)
            }
            throw ComputeError(
                .nonFinite, "tensor \"\(name)\" holds \(scalars[bad]) at index \(Array(index.reversed()))")
        }
    }

    public var description: String { "Tensor\(shape)" }
}
