import MLVCompute
import Testing

/// A Random123 known-answer vector for philox4x32-10.
struct PhiloxVector: Sendable, CustomTestStringConvertible {
    var counter: SIMD4<UInt32>
    var key: SIMD2<UInt32>
    var expected: SIMD4<UInt32>

    var testDescription: String { "counter \(counter), key \(key)" }
}

@Suite struct PhiloxTests {
    /// The philox4x32-10 lines of Random123's `kat_vectors`.
    static let vectors = [
        PhiloxVector(counter: .zero, key: .zero, expected: SIMD4(0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8)),
        PhiloxVector(
            counter: SIMD4(repeating: 0xffff_ffff), key: SIMD2(repeating: 0xffff_ffff),
            expected: SIMD4(0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd)),
        PhiloxVector(
            counter: SIMD4(0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), key: SIMD2(0xa409_3822, 0x299f_31d0),
            expected: SIMD4(0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1)),
    ]

    @Test("matches the Random123 known answers", arguments: vectors)
    func knownAnswer(_ vector: PhiloxVector) {
        #expect(Philox.block(counter: vector.counter, key: vector.key) == vector.expected)
        let tuple = (vector.counter[0], vector.counter[1], vector.counter[2], vector.counter[3])
        #expect(Philox.block(counter: tuple, key: vector.key) == vector.expected)
    }

    @Test("returns block 0 of key 0 as two words, low word first") func firstValues() {
        var generator = Philox(seed: 0)
        #expect(generator.next() == 0xe169_c58d_6627_e8d5)
        #expect(generator.next() == 0x9b00_dbd8_bc57_ac4c)
        #expect(generator.blockIndex == 1)
    }

    @Test("puts the seed in the key and the stream in the high counter words") func layout() {
        let seed: UInt64 = 0x0123_4567_89ab_cdef
        let stream: UInt64 = 0xfedc_ba98_7654_3210
        var generator = Philox(seed: seed, stream: stream)
        #expect(generator.key == SIMD2(0x89ab_cdef, 0x0123_4567))
        generator.skip(blocks: 0x1_0000_0002)
        let block = Philox.block(counter: SIMD4(2, 1, 0x7654_3210, 0xfedc_ba98), key: generator.key)
        #expect(generator.next() == UInt64(block[1]) << 32 | UInt64(block[0]))
    }

    @Test("freezes the sequence of seed 42 (checked against a Python model)") func pinnedSequence() {
        var generator = Philox(seed: 42)
        #expect(
            [generator.next(), generator.next(), generator.next()] == [
                0x77f5_493b_9cea_f053, 0x5742_b3d7_12bf_50ad, 0x53ba_6cfd_fcdb_2127,
            ])
        var stream7 = Philox(seed: 42, stream: 7)
        #expect([stream7.next(), stream7.next()] == [0xe554_10cc_67ee_6f2c, 0x5573_98d3_6c7e_ca35])
    }

    @Test("gives equal sequences for equal seeds and streams, different ones otherwise") func determinism() {
        var a = Philox(seed: 9, stream: 3)
        var b = Philox(seed: 9, stream: 3)
        var otherStream = Philox(seed: 9, stream: 4)
        var otherSeed = Philox(seed: 10, stream: 3)
        let first = (0..<64).map { _ in a.next() }
        #expect(first == (0..<64).map { _ in b.next() })
        #expect(first != (0..<64).map { _ in otherStream.next() })
        #expect(first != (0..<64).map { _ in otherSeed.next() })
    }

    @Test("keeps streams of one seed apart") func streamsDoNotOverlap() {
        var seen = Set<UInt64>()
        for stream: UInt64 in 0..<8 {
            var generator = Philox(seed: 1, stream: stream)
            for _ in 0..<1000 {
                seen.insert(generator.next())
            }
        }
        #expect(seen.count == 8000)
    }

    @Test("splits children from (seed, stream, id), whatever the parent has drawn") func split() {
        var parent = Philox(seed: 1)
        let before = parent.split(5)
        _ = (0..<7).map { _ in parent.next() }
        #expect(parent.split(5) == before)
        #expect(before.seed == 0x22c7_38ac_89b3_2dae)
        #expect(before.stream == 0)
        #expect(Philox(seed: 1, stream: 1).split(5) != before)
        let children = (0..<100).map { Philox(seed: 1).split(UInt64($0)).seed }
        #expect(Set(children).count == 100)
        #expect(!children.contains(1))
    }

    @Test("skips whole blocks from a block boundary and from mid-block", arguments: [0, 1, 2, 3])
    func skip(drawnFirst: Int) {
        var walked = Philox(seed: 77, stream: 2)
        var skipped = walked
        for _ in 0..<drawnFirst {
            _ = walked.next()
            _ = skipped.next()
        }
        for _ in 0..<10 {
            _ = walked.next()
        }
        skipped.skip(blocks: 5)
        #expect(skipped == walked)
        #expect((0..<5).map { _ in skipped.next() } == (0..<5).map { _ in walked.next() })
    }

    @Test("seeks to the first value of a block") func seek() {
        var walked = Philox(seed: 5)
        for _ in 0..<6 {
            _ = walked.next()
        }
        var sought = Philox(seed: 5)
        _ = sought.next()
        sought.seek(toBlock: 3)
        #expect(sought == walked)
        #expect(sought.next() == walked.next())
    }
}
