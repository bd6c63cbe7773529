import MLVFormats

/// How much a tensor's values changed between two versions of the same shape, computed in
/// `Double` in one pass over both (see ``init(old:new:)``).
///
/// Element pairs where either value is NaN or infinite are counted in ``nonFiniteElements``
/// (and in ``changedElements`` unless both are NaN, or both the same infinity) and left out of
/// every sum, so one NaN does not hide the size of the other changes.
///
/// JSON (``encode(to:)``):
/// ```
/// {"elements": 12, "changed": 3, "maxAbsDiff": 0.25, "meanAbsDiff": 0.03125,
///  "relativeL2": 0.0123, "cosine": 0.99992, "nonFinite": 0}
/// ```
/// `relativeL2` and `cosine` are `null` when undefined (see their documentation), and so is any
/// value that overflowed to infinity.
public struct TensorStatistics: Sendable, Equatable, Encodable {
    /// The number of element pairs compared.
    public var elementCount: Int
    /// Pairs whose values differ: by value for floating point (so `-0.0` equals `0.0`, and NaN
    /// equals NaN), exactly for integers.
    public var changedElements: Int
    /// The largest |new − old| over the finite pairs; 0 when there are none.
    public var maxAbsDifference: Double
    /// The mean |new − old| over the finite pairs; 0 when there are none.
    public var meanAbsDifference: Double
    /// ‖new − old‖₂ / ‖old‖₂ over the finite pairs. When ‖old‖ is 0 it is 0 if the change is 0
    /// too (0/0 is "no change"), and nil (undefined) otherwise.
    public var relativeL2: Double?
    /// ⟨old, new⟩ / (‖old‖·‖new‖) over the finite pairs, clamped to [−1, 1]; 1 when both norms
    /// are 0, nil (undefined) when exactly one is.
    public var cosineSimilarity: Double?
    /// Pairs where either value is NaN or ±infinity.
    public var nonFiniteElements: Int

    public init(
        elementCount: Int, changedElements: Int, maxAbsDifference: Double, meanAbsDifference: Double,
        relativeL2: Double?, cosineSimilarity: Double?, nonFiniteElements: Int
    ) {
        self.elementCount = elementCount
        self.changedElements = changedElements
        self.maxAbsDifference = maxAbsDifference
        self.meanAbsDifference = meanAbsDifference
        self.relativeL2 = relativeL2
        self.cosineSimilarity = cosineSimilarity
        self.nonFiniteElements = nonFiniteElements
    }

    /// Compares two tensors with the same element count element by element, each decoded by its
    /// own dtype (so an F32 → F16 cast shows its rounding error). Integer pairs compare exactly;
    /// any pair involving a float compares in `Double`. Blocks of ``ElementDecoder/blockSize``
    /// elements are decoded into two reused buffers and summed per block before being added up.
    /// - Complexity: O(n) time, O(1) extra space (two 32 KiB buffers).
    init(old: TensorFile.Tensor, new: TensorFile.Tensor) {
        let count = min(old.elementCount, new.elementCount)
        var sums = Sums()
        let oldDecoder = ElementDecoder(dtype: old.dtype, data: old.data)
        let newDecoder = ElementDecoder(dtype: new.dtype, data: new.data)
        let size = ElementDecoder.blockSize
        if !old.dtype.isFloatingPoint, !new.dtype.isFloatingPoint {
            var (a, b) = ([Int64](repeating: 0, count: size), [Int64](repeating: 0, count: size))
            for start in stride(from: 0, to: count, by: size) {
                let length = min(size, count - start)
                oldDecoder.integers(from: start, count: length, into: &a)
                newDecoder.integers(from: start, count: length, into: &b)
                sums.addIntegers(a, b, count: length)
            }
        } else {
            var (a, b) = ([Double](repeating: 0, count: size), [Double](repeating: 0, count: size))
            for start in stride(from: 0, to: count, by: size) {
                let length = min(size, count - start)
                oldDecoder.doubles(from: start, count: length, into: &a)
                newDecoder.doubles(from: start, count: length, into: &b)
                sums.addDoubles(a, b, count: length)
            }
        }
        let finite = count - sums.nonFinite
        let oldNorm = sums.oldSquares.squareRoot()
        let newNorm = sums.newSquares.squareRoot()
        let changeNorm = sums.differenceSquares.squareRoot()
        self.init(
            elementCount: count, changedElements: sums.changed, maxAbsDifference: sums.maxDifference,
            meanAbsDifference: finite > 0 ? sums.absoluteDifferences / Double(finite) : 0,
            relativeL2: oldNorm == 0 ? (changeNorm == 0 ? 0 : nil) : changeNorm / oldNorm,
            cosineSimilarity: oldNorm == 0 && newNorm == 0
                ? 1 : oldNorm == 0 || newNorm == 0 ? nil : min(1, max(-1, sums.products / (oldNorm * newNorm))),
            nonFiniteElements: sums.nonFinite)
    }

    private enum CodingKeys: String, CodingKey {
        case elements, changed, maxAbsDiff, meanAbsDiff, relativeL2, cosine, nonFinite
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        try container.encode(elementCount, forKey: .elements)
        try container.encode(changedElements, forKey: .changed)
        try container.encode(finite(maxAbsDifference), forKey: .maxAbsDiff)
        try container.encode(finite(meanAbsDifference), forKey: .meanAbsDiff)
        try container.encode(finite(relativeL2), forKey: .relativeL2)
        try container.encode(finite(cosineSimilarity), forKey: .cosine)
        try container.encode(nonFiniteElements, forKey: .nonFinite)
    }
}

/// The running sums of ``TensorStatistics``; each block is summed on its own first, which keeps
/// the rounding error of long tensors small.
private struct Sums {
    var changed = 0
    var nonFinite = 0
    var maxDifference = 0.0
    var absoluteDifferences = 0.0
    var differenceSquares = 0.0
    var oldSquares = 0.0
    var newSquares = 0.0
    var products = 0.0

    mutating func addDoubles(_ a: [Double], _ b: [Double], count: Int) {
        var (absolute, squares, oldSquares, newSquares, products) = (0.0, 0.0, 0.0, 0.0, 0.0)
        var (changed, maximum) = (0, maxDifference)
        for index in 0..<count {
            let (x, y) = (a[index], b[index])
            guard x.isFinite, y.isFinite else {
                nonFinite += 1
                if !(x == y || x.isNaN && y.isNaN) { changed += 1 }
                continue
            }
            let difference = (y - x).magnitude
            if difference != 0 { changed += 1 }
            if difference > maximum { maximum = difference }
            absolute += difference
            squares += difference * difference
            oldSquares += x * x
            newSquares += y * y
            products += x * y
        }
        add(changed, maximum, absolute, squares, oldSquares, newSquares, products)
    }

    mutating func addIntegers(_ a: [Int64], _ b: [Int64], count: Int) {
        var (absolute, squares, oldSquares, newSquares, products) = (0.0, 0.0, 0.0, 0.0, 0.0)
        var (changed, maximum) = (0, maxDifference)
        for index in 0..<count {
            let (x, y) = (a[index], b[index])
            if x != y { changed += 1 }
            let (oldValue, newValue) = (Double(x), Double(y))
            // The exact difference when it fits; else the difference of the doubles.
            let (exact, overflow) = y.subtractingReportingOverflow(x)
            let difference = overflow ? (newValue - oldValue).magnitude : Double(exact.magnitude)
            if difference > maximum { maximum = difference }
            absolute += difference
            squares += difference * difference
            oldSquares += oldValue * oldValue
            newSquares += newValue * newValue
            products += oldValue * newValue
        }
        add(changed, maximum, absolute, squares, oldSquares, newSquares, products)
    }

    private mutating func add(
        _ changed: Int, _ maximum: Double, _ absolute: Double, _ squares: Double, _ oldSquares: Double,
        _ newSquares: Double, _ products: Double
    ) {
        self.changed += changed
        maxDifference = maximum
        absoluteDifferences += absolute
        differenceSquares += squares
        self.oldSquares += oldSquares
        self.newSquares += newSquares
        self.products += products
    }
}
