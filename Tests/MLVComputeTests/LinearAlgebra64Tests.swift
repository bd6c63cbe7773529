import MLVCompute
import Testing

@Suite struct LinearAlgebra64Tests {
    @Test("cholesky factor multiplies back to the matrix") func factor() throws {
        let a: [Double] = [4, 12, -16, 12, 37, -43, -16, -43, 98]
        let l = try LinearAlgebra64.cholesky(a, n: 3)
        #expect(l == [2, 0, 0, 6, 1, 0, -8, 5, 3])
    }

    @Test("solves a symmetric positive definite system") func solve() throws {
        let a: [Double] = [4, 1, 1, 3]
        let x = try LinearAlgebra64.solveSymmetric(a, [1, 2], n: 2)
        #expect(abs(x[0] - 1.0 / 11) < 1e-15)
        #expect(abs(x[1] - 7.0 / 11) < 1e-15)
    }

    @Test("ridge adds to the diagonal") func ridge() throws {
        let x = try LinearAlgebra64.solveSymmetric([1, 0, 0, 1], [2, 4], n: 2, ridge: 1)
        #expect(abs(x[0] - 1) < 1e-15 && abs(x[1] - 2) < 1e-15)
    }

    @Test("least squares recovers exact coefficients") func leastSquares() throws {
        // y = 2·x0 − 3·x1 on four rows.
        let x: [Double] = [1, 0, 0, 1, 1, 1, 2, -1]
        let y: [Double] = [2, -3, -1, 7]
        let (gram, moment) = try LinearAlgebra64.normalEquations(x, rows: 4, columns: 2, y: y)
        let w = try LinearAlgebra64.solveSymmetric(gram, moment, n: 2)
        #expect(abs(w[0] - 2) < 1e-12)
        #expect(abs(w[1] + 3) < 1e-12)
    }

    @Test("a singular matrix is an error naming the pivot") func singular() {
        #expect {
            _ = try LinearAlgebra64.solveSymmetric([1, 1, 1, 1], [1, 1], n: 2)
        } throws: { error in
            (error as? ComputeError)?.code == .invalidArgument
                && (error as? ComputeError)?.message.contains("pivot 1") == true
        }
    }

    @Test("a singular matrix is solvable with a ridge") func ridgeRescues() throws {
        let x = try LinearAlgebra64.solveSymmetric([1, 1, 1, 1], [1, 1], n: 2, ridge: 1e-3)
        #expect(abs(x[0] - x[1]) < 1e-12)
    }

    @Test("mismatched sizes are shape errors") func sizes() {
        #expect(throws: ComputeError.self) { try LinearAlgebra64.cholesky([1, 2, 3], n: 2) }
        #expect(throws: ComputeError.self) { try LinearAlgebra64.solveSymmetric([1], [1, 2], n: 1) }
        #expect(throws: ComputeError.self) { try LinearAlgebra64.normalEquations([1], rows: 1, columns: 2, y: [1]) }
        #expect(throws: ComputeError.self) { try LinearAlgebra64.cholesky([1], n: 1, ridge: -1) }
    }
}
