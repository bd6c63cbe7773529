/// Dense linear algebra in Float64, for the few places that need more than Float32: the normal
/// equations of least squares, which square the condition number of the data.
///
/// Matrices are row-major `[Double]` arrays. Every loop runs in index order on one thread, so
/// results are the same bits on every run.
public enum LinearAlgebra64 {
    /// The Gram matrix `XᵀX` (`columns × columns`) and `Xᵀy` of a row-major `rows × columns`
    /// matrix `x`, accumulated row after row.
    /// - Throws: `ComputeError.shapeMismatch` when the sizes disagree.
    /// - Complexity: O(rows × columns²).
    public static func normalEquations(
        _ x: [Double], rows: Int, columns: Int, y: [Double]
    ) throws(ComputeError) -> (gram: [Double], moment: [Double]) {
        guard rows >= 0, columns >= 0, x.count == rows * columns, y.count == rows else {
            throw ComputeError(
                .shapeMismatch,
                "normal equations need x of \(rows)×\(columns) and y of \(rows), got \(x.count) and \(y.count) values")
        }
        var gram = [Double](repeating: 0, count: columns * columns)
        var moment = [Double](repeating: 0, count: columns)
        for row in 0..<rows {
            let base = row * columns
            for i in 0..<columns {
                let xi = x[base + i]
                moment[i] += xi * y[row]
                for j in i..<columns { gram[i * columns + j] += xi * x[base + j] }
            }
        }
        for i in 0..<columns {
            for j in 0..<i { gram[i * columns + j] = gram[j * columns + i] }
        }
        return (gram, moment)
    }

    /// The Cholesky factor `L` (lower triangular, row-major) of the symmetric matrix
    /// `a + ridge·I` (`n × n`), so that `L·Lᵀ = a + ridge·I`.
    /// - Throws: `ComputeError.invalidArgument` when the matrix is not positive definite (a
    ///   pivot is not above `1e-12` times the largest diagonal entry), naming the pivot; when
    ///   `ridge` is negative or not finite. `shapeMismatch` when `a` does not hold `n × n` values.
    /// - Complexity: O(n³ / 3).
    public static func cholesky(_ a: [Double], n: Int, ridge: Double = 0) throws(ComputeError) -> [Double] {
        guard n >= 0, a.count == n * n else {
            throw ComputeError(.shapeMismatch, "cholesky needs an \(n)×\(n) matrix, got \(a.count) values")
        }
        guard ridge >= 0, ridge.isFinite else {
            throw ComputeError(.invalidArgument, "ridge \(ridge) is not a finite value ≥ 0")
        }
        if let bad = a.firstIndex(where: { !$0.isFinite }) {
            throw ComputeError(.nonFinite, "matrix entry (\(bad / max(n, 1)), \(bad % max(n, 1))) is \(a[bad])")
        }
        var largest = 0.0
        for i in 0..<n { largest = max(largest, abs(a[i * n + i] + ridge)) }
        let tolerance = 1e-12 * max(largest, Double.leastNormalMagnitude)
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var pivot = a[j * n + j] + ridge
            for k in 0..<j { pivot -= l[j * n + k] * l[j * n + k] }
            guard pivot > tolerance else {
                throw ComputeError(
                    .invalidArgument,
                    "matrix is not positive definite: pivot \(j) is \(pivot); the columns are linearly dependent")
            }
            let root = pivot.squareRoot()
            l[j * n + j] = root
            for i in (j + 1)..<n {
                var value = a[i * n + j]
                for k in 0..<j { value -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = value / root
            }
        }
        return l
    }

    /// Solves `(a + ridge·I)·x = b` for symmetric positive definite `a` by Cholesky
    /// factorization, forward then back substitution.
    /// - Throws: as ``cholesky(_:n:ridge:)``; `shapeMismatch` when `b` does not hold `n` values.
    /// - Complexity: O(n³ / 3).
    public static func solveSymmetric(_ a: [Double], _ b: [Double], n: Int, ridge: Double = 0) throws(ComputeError)
        -> [Double]
    {
        guard b.count == n else {
            throw ComputeError(.shapeMismatch, "right-hand side holds \(b.count) values for an \(n)×\(n) system")
        }
        let l = try cholesky(a, n: n, ridge: ridge)
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var value = b[i]
            for k in 0..<i { value -= l[i * n + k] * z[k] }
            z[i] = value / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var value = z[i]
            for k in (i + 1)..<n { value -= l[k * n + i] * x[k] }
            x[i] = value / l[i * n + i]
        }
        return x
    }
}
