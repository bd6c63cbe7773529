import Foundation
import MLVCompute
import Testing

@Suite struct TensorTests {
    let m: Tensor

    init() throws { m = try Tensor(rows: [[1, -2, 3], [-4, 5, -6]]) }

    @Test("elementwise arithmetic with broadcasting") func arithmetic() throws {
        let row = Tensor([10, 20, 30])
        #expect(try (m + row).scalars == [11, 18, 33, 6, 25, 24])
        #expect(try (m - row).scalars == [-9, -22, -27, -14, -15, -36])
        let column = try Tensor(shape: [2, 1], scalars: [2, -1])
        #expect(try (m * column).scalars == [2, -4, 6, 4, -5, 6])
        #expect(try (m / column).scalars == [0.5, -1, 1.5, 4, -5, 6])
        #expect(try (m * Tensor(3)).scalars == [3, -6, 9, -12, 15, -18])
        #expect(try Shape.broadcast([2, 1, 3], [4, 1]).dims == [2, 4, 3])
    }

    @Test("broadcasting rejects incompatible shapes") func broadcastError() {
        let error = #expect(throws: ComputeError.self) { try self.m + Tensor([1, 2]) }
        #expect(error?.code == .shapeMismatch)
        #expect(error?.message == "shapes [2, 3] and [2] do not broadcast")
    }

    @Test("elementwise functions") func functions() throws {
        let x = Tensor([-1, 0, 2])
        #expect(x.relu().scalars == [0, 0, 2])
        let expValues: [Float] = [exp(-1), 1, exp(2)]
        #expect(x.exp().scalars == expValues)
        #expect(Tensor([1, 4]).sqrt().scalars == [1, 2])
        #expect(Tensor([1, 4]).log().scalars == [0, log(Float(4))])
        let tanhValues: [Float] = [tanh(-1), 0, tanh(2)]
        #expect(x.tanh().scalars == tanhValues)
        let sigmoid: [Float] = [1 / (1 + exp(1)), 0.5, 1 / (1 + exp(-2))]
        #expect(x.sigmoid().scalars == sigmoid)
        #expect(Tensor([0]).gelu().scalars == [0])
        #expect(abs(Tensor([1]).gelu().scalars[0] - 0.841_344_7) < 1e-6)
        let extremes = Tensor([-100, 100]).sigmoid().scalars
        #expect(extremes[0] >= 0 && extremes[1] <= 1 && extremes[0].isFinite)
    }

    @Test("sum, mean, max and argmax over axes") func reductions() throws {
        #expect(try m.sum(axis: 0).scalars == [-3, 3, -3])
        #expect(try m.sum(axis: 1).scalars == [2, -5])
        #expect(try m.sum(axis: -1, keepingDimension: true).shape.dims == [2, 1])
        let means: [Float] = [2.0 / 3, -5.0 / 3]
        #expect(try m.mean(axis: 1).scalars == means)
        #expect(try m.max(axis: 0).scalars == [1, 5, 3])
        #expect(try m.argmax(axis: 1) == [2, 1])
        #expect(try Tensor([3, 7, 7]).argmax() == [1])
        #expect(m.sum() == -3)
        #expect(throws: ComputeError.self) { _ = try self.m.sum(axis: 2) }
    }

    @Test("softmax rows sum to one and survive large logits") func softmax() throws {
        let s = try Tensor(rows: [[1, 2, 3], [1000, 1000, 1000]]).softmax()
        let e = [exp(Float(1)), exp(Float(2)), exp(Float(3))]
        let total = e[0] + e[1] + e[2]
        #expect(abs(s.scalars[0] - e[0] / total) < 1e-6)
        let third: Float = 1.0 / 3
        #expect(s.scalars[3...].allSatisfy { abs($0 - third) <= 1e-7 })
        let logs = try Tensor([0, 0]).logSoftmax()
        let half = -log(Float(2))
        #expect(logs.scalars == [half, half])
    }

    @Test("slicing, concatenation, gather and transpose") func shapes() throws {
        #expect(try m.slice(axis: 1, 1..<3).scalars == [-2, 3, 5, -6])
        #expect(try m.slice(axis: 0, 1..<2).scalars == [-4, 5, -6])
        let joined = try Tensor.concatenate([m, m.slice(axis: 0, 0..<1)], axis: 0)
        #expect(joined.shape.dims == [3, 3] && joined.scalars[6...] == [1, -2, 3])
        #expect(try Tensor.concatenate([m, m], axis: 1).scalars == [1, -2, 3, 1, -2, 3, -4, 5, -6, -4, 5, -6])
        #expect(try m.gather(rows: [1, 1, 0]).scalars == [-4, 5, -6, -4, 5, -6, 1, -2, 3])
        #expect(try m.transposed().scalars == [1, -4, -2, 5, 3, -6])
        #expect(try m.reshaped([3, 2]).shape.dims == [3, 2])
        let error = #expect(throws: ComputeError.self) { try self.m.gather(rows: [0, 2]) }
        #expect(error?.message == "gather index 2 at position 1 is outside 0..<2")
        #expect(throws: ComputeError.self) { _ = try self.m.slice(axis: 1, 2..<4) }
        #expect(throws: ComputeError.self) { _ = try Tensor.concatenate([self.m, Tensor([1])], axis: 0) }
    }

    @Test("construction checks counts and finds the first non-finite element") func validation() throws {
        let error = #expect(throws: ComputeError.self) { try Tensor(shape: [2, 2], scalars: [1, 2, 3]) }
        #expect(error?.message == "shape [2, 2] holds 4 elements but 3 were given")
        let bad = try Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, .nan, .infinity])
        let nonFinite = #expect(throws: ComputeError.self) { try bad.checkFinite(name: "features") }
        #expect(nonFinite?.code == .nonFinite)
        #expect(nonFinite?.message == "tensor \"features\" holds nan at index [1, 1]")
        #expect(throws: ComputeError.self) { _ = try Shape([2, -1]) }
        #expect(throws: ComputeError.self) { _ = try ComputeContext(threads: 0) }
    }

    @Test("bit identity compares bits, NaNs included") func bitIdentity() throws {
        let a = Tensor([.nan, 0])
        #expect(a.isBitIdentical(to: Tensor([.nan, 0])))
        #expect(!a.isBitIdentical(to: Tensor([.nan, -0.0])))
    }
}
