import MLVCompute
import Testing

@Suite struct InitializerTests {
    @Test(
        "draws Glorot and He uniform values within ±a",
        arguments: [
            (Initializer.xavierUniform, 30, 20, (6.0 / 50).squareRoot()),
            (Initializer.heUniform, 24, 7, (6.0 / 24).squareRoot()),
        ])
    func uniformBounds(initializer: Initializer, fanIn: Int, fanOut: Int, bound: Double) throws {
        var rng = Philox(seed: 17)
        let values = try initializer.values(fanIn: fanIn, fanOut: fanOut, count: 10_000, using: &rng)
        let limit = Float(bound)
        #expect(values.count == 10_000)
        #expect(values.allSatisfy { $0 >= -limit && $0 < limit })
        #expect(values.max().map { $0 > 0.99 * limit } == true)
        #expect(values.min().map { $0 < -0.99 * limit } == true)
        #expect(try initializer.scale(fanIn: fanIn, fanOut: fanOut) == bound)
    }

    @Test(
        "draws Glorot and He normal values with the right spread",
        arguments: [
            (Initializer.xavierNormal, 100, 100, 0.1),
            (Initializer.heNormal, 50, 3, 0.2),
        ])
    func normalSpread(initializer: Initializer, fanIn: Int, fanOut: Int, std: Double) throws {
        var rng = Philox(seed: 18)
        let values = try initializer.values(fanIn: fanIn, fanOut: fanOut, count: 100_000, using: &rng)
        let (mean, variance) = moments(values)
        #expect(abs(mean) < 0.005 * std * 10)
        #expect(abs(variance.squareRoot() - std) < 0.01 * std)
        #expect(abs((try initializer.scale(fanIn: fanIn, fanOut: fanOut) ?? 0) - std) < 1e-15)
    }

    @Test("repeats for equal generator states") func determinism() throws {
        var a = Philox(seed: 5).split(2)
        var b = Philox(seed: 5).split(2)
        let first = try Initializer.heNormal.values(fanIn: 8, fanOut: 8, count: 64, using: &a)
        #expect(try Initializer.heNormal.values(fanIn: 8, fanOut: 8, count: 64, using: &b) == first)
        #expect(a == b)
    }

    @Test("fills zeros and constants without drawing") func constants() throws {
        var rng = Philox(seed: 1)
        let before = rng
        #expect(try Initializer.zeros.values(fanIn: 0, fanOut: 0, count: 3, using: &rng) == [0, 0, 0])
        #expect(try Initializer.constant(0.5).values(fanIn: 1, fanOut: 1, count: 2, using: &rng) == [0.5, 0.5])
        #expect(rng == before)
        #expect(try Initializer.zeros.scale(fanIn: 1, fanOut: 1) == nil)
    }

    @Test("rejects fans that are not positive, negative counts and non-finite constants") func badArguments() throws {
        var rng = Philox(seed: 1)
        #expect(throws: ComputeError.self) {
            try Initializer.xavierUniform.values(fanIn: 0, fanOut: 4, count: 1, using: &rng)
        }
        #expect(throws: ComputeError.self) {
            try Initializer.xavierNormal.values(fanIn: 4, fanOut: 0, count: 1, using: &rng)
        }
        #expect(throws: ComputeError.self) {
            try Initializer.heNormal.values(fanIn: -1, fanOut: 4, count: 1, using: &rng)
        }
        #expect(throws: ComputeError.self) { try Initializer.zeros.values(fanIn: 1, fanOut: 1, count: -1, using: &rng) }
        #expect(throws: ComputeError.self) {
            try Initializer.constant(.nan).values(fanIn: 1, fanOut: 1, count: 1, using: &rng)
        }
        #expect(try Initializer.heUniform.values(fanIn: 4, fanOut: 0, count: 1, using: &rng).count == 1)
    }
}
