import MLVCompute
import Testing

/// The mean and population variance of `values`, summed in order in `Double`.
func moments<Values: Sequence>(_ values: Values) -> (mean: Double, variance: Double)
where Values.Element: BinaryFloatingPoint {
    var count = 0.0
    var sum = 0.0
    var squares = 0.0
    for value in values {
        count += 1
        sum += Double(value)
        squares += Double(value) * Double(value)
    }
    let mean = sum / count
    return (mean, squares / count - mean * mean)
}

@Suite struct PhiloxDistributionsTests {
    static let draws = 100_000

    @Test("draws floats in [0, 1) from the high 24 bits") func floats() {
        var generator = Philox(seed: 1234)
        #expect((0..<3).map { _ in generator.nextFloat() } == [14_318_832, 13_355_591, 1_883_667].map { $0 * 0x1p-24 })
        let values = (0..<Self.draws).map { _ in generator.nextFloat() }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let (mean, variance) = moments(values)
        #expect(abs(mean - 0.5) < 0.005)
        #expect(abs(variance - 1.0 / 12) < 0.002)
    }

    @Test("draws doubles in [0, 1) from the high 53 bits") func doubles() {
        var generator = Philox(seed: 1234)
        var copy = generator
        #expect(generator.nextDouble() == Double(copy.next() >> 11) * 0x1p-53)
        let values = (0..<Self.draws).map { _ in generator.nextDouble() }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let (mean, variance) = moments(values)
        #expect(abs(mean - 0.5) < 0.005)
        #expect(abs(variance - 1.0 / 12) < 0.002)
    }

    @Test("draws standard normals by Box–Muller") func normal() {
        var generator = Philox(seed: 99)
        var values: [Double] = []
        for _ in 0..<(Self.draws / 2) {
            let (first, second) = generator.nextNormalPair()
            values += [first, second]
        }
        #expect(values.allSatisfy { $0.isFinite && abs($0) < 8.6 })
        let (mean, variance) = moments(values)
        #expect(abs(mean) < 0.015)
        #expect(abs(variance - 1) < 0.02)
        let withinOne = Double(values.count(where: { abs($0) < 1 })) / Double(values.count)
        #expect(abs(withinOne - 0.6827) < 0.01)
    }

    @Test("returns the first value of the pair as nextNormal") func single() {
        var single = Philox(seed: 3)
        var pair = single
        #expect(single.nextNormal() == pair.nextNormalPair().0)
        #expect(single == pair)
    }

    @Test("scales normals and uses both values of each pair") func normals() throws {
        var generator = Philox(seed: 7)
        var reference = generator
        let values = try generator.normals(count: Self.draws, mean: 3, std: 2)
        let (mean, variance) = moments(values)
        #expect(abs(mean - 3) < 0.03)
        #expect(abs(variance - 4) < 0.08)
        let pair = reference.nextNormalPair()
        #expect(values[0] == Float(3 + 2 * pair.0))
        #expect(values[1] == Float(3 + 2 * pair.1))
        var odd = Philox(seed: 7)
        #expect(try odd.normals(count: 3, mean: 3, std: 2) == Array(values[0..<3]))
        #expect(odd.blockIndex == 2)
        #expect(throws: ComputeError.self) { try odd.normals(count: 2, std: -1) }
        #expect(throws: ComputeError.self) { try odd.normals(count: -1) }
    }

    @Test("draws integers below a bound without bias") func integers() throws {
        var generator = Philox(seed: 1234)
        #expect(try (0..<8).map { _ in try generator.nextInt(below: 6) } == [5, 4, 0, 0, 5, 3, 0, 5])
        var counts = Array(repeating: 0, count: 10)
        for _ in 0..<Self.draws {
            counts[try generator.nextInt(below: 10)] += 1
        }
        #expect(counts.allSatisfy { abs($0 - Self.draws / 10) < 400 })
        #expect(try generator.nextInt(below: 1) == 0)
        let large = try generator.nextInt(below: Int.max)
        #expect(large >= 0)
    }

    @Test("rejects a bound that is not positive", arguments: [0, -1, Int.min])
    func badBound(bound: Int) {
        var generator = Philox(seed: 1)
        #expect(throws: ComputeError.self) { try generator.nextInt(below: bound) }
    }

    @Test("fills uniform values in [low, high), replacing the contents") func fill() throws {
        var generator = Philox(seed: 11)
        var reference = generator
        var values: [Float] = [42, 42]
        try generator.fill(uniform: &values, low: -2, high: 6, count: Self.draws)
        #expect(values.count == Self.draws)
        #expect(values.allSatisfy { $0 >= -2 && $0 < 6 })
        #expect(values[0] == Float(-2 + 8 * reference.nextDouble()))
        let (mean, variance) = moments(values)
        #expect(abs(mean - 2) < 0.05)
        #expect(abs(variance - 64.0 / 12) < 0.1)
        var again = Philox(seed: 11)
        #expect(try again.uniforms(count: 5, low: -2, high: 6) == Array(values[0..<5]))
    }

    @Test("never returns high for a range one float wide") func narrow() throws {
        var generator = Philox(seed: 2)
        let values = try generator.uniforms(count: 1000, low: 1, high: Float(1).nextUp)
        #expect(values.allSatisfy { $0 == 1 })
    }

    @Test("rejects bad uniform arguments") func badUniform() {
        var generator = Philox(seed: 1)
        #expect(throws: ComputeError.self) { try generator.uniforms(count: -1) }
        #expect(throws: ComputeError.self) { try generator.uniforms(count: 1, low: 1, high: 1) }
        #expect(throws: ComputeError.self) { try generator.uniforms(count: 1, low: 0, high: .infinity) }
        #expect(throws: ComputeError.self) { try generator.uniforms(count: 1, low: .nan, high: 1) }
    }
}
