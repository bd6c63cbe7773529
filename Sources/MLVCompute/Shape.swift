/// The dimensions of a tensor, outermost first (row-major: the last dimension is contiguous).
public struct Shape: Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The size of each dimension; empty for a scalar.
    public let dims: [Int]

    /// Makes a shape; every dimension must be zero or more.
    public init(_ dims: [Int]) throws(ComputeError) {
        if let bad = dims.firstIndex(where: { $0 < 0 }) {
            throw ComputeError(.invalidArgument, "dimension \(bad) of shape \(dims) is negative")
        }
        self.dims = dims
    }

    init(unchecked dims: [Int]) { self.dims = dims }

    public init(arrayLiteral elements: Int...) { self.dims = elements.map { max($0, 0) } }

    /// The number of dimensions.
    public var rank: Int { dims.count }

    /// The number of elements (1 for a scalar).
    public var count: Int { dims.reduce(1, *) }

    public subscript(axis: Int) -> Int { dims[axis] }

    /// Distance in elements between neighbours along each axis.
    public var strides: [Int] {
        var strides = [Int](repeating: 1, count: dims.count)
        var stride = 1
        for axis in dims.indices.reversed() {
            strides[axis] = stride
            stride *= dims[axis]
        }
        return strides
    }

    /// Resolves a possibly negative axis (-1 is the last) against this shape's rank.
    public func axis(_ axis: Int) throws(ComputeError) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0 && resolved < rank else {
            throw ComputeError(.invalidArgument, "axis \(axis) is out of range for shape \(self)")
        }
        return resolved
    }

    /// The shape two shapes broadcast to (numpy's rules: align from the right; sizes must be
    /// equal or 1).
    public static func broadcast(_ a: Shape, _ b: Shape) throws(ComputeError) -> Shape {
        let rank = max(a.rank, b.rank)
        var dims = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.rank ? 1 : a.dims[i - (rank - a.rank)]
            let db = i < rank - b.rank ? 1 : b.dims[i - (rank - b.rank)]
            guard da == db || da == 1 || db == 1 else {
                throw ComputeError(.shapeMismatch, "shapes \(a) and \(b) do not broadcast")
            }
            dims[i] = da == 1 ? db : da
        }
        return Shape(unchecked: dims)
    }

    public var description: String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }
}
