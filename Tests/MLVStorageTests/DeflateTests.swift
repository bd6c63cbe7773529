import Testing

@testable import MLVStorage

/// libdeflate writes and reads the chunks; libz must read what it writes and the reverse, so the
/// format stays plain zlib (RFC 1950) whichever library a reader uses.
@Suite struct DeflateTests {
    static let inputs: [[UInt8]] = [
        [],
        Array("a".utf8),
        TestData.csvText(70_000),
        TestData.seededBytes(16_384, seed: 3),
    ]

    @Test("libz decodes libdeflate's streams and libdeflate decodes libz's", arguments: inputs)
    func interchangeable(input: [UInt8]) throws {
        let fast = try Deflate.compress(input, level: 1)
        #expect(try Zlib.decompress(fast, rawLength: input.count) == input)
        let reference = try Zlib.compress(input, level: 6)
        #expect(try Deflate.decompress(reference, rawLength: input.count) == input)
    }

    @Test(
        "a stream with a stored prefix is plain zlib to libz and libdeflate",
        arguments: [1, 4_096, 65_535, 65_536, 150_000, 200_000])
    func storedPrefix(prefix: Int) throws {
        let input = TestData.seededBytes(150_000, seed: 8) + TestData.csvText(50_000)
        let stream = try Deflate.compress(input, level: 1, storedPrefix: prefix)
        #expect(try Zlib.decompress(stream, rawLength: input.count) == input)
        #expect(try Deflate.decompress(stream, rawLength: input.count) == input)
        // The stored part costs 5 bytes per 64 KiB block; the text after it still shrinks.
        let storedBytes = min(prefix, input.count)
        let blocks = (storedBytes + Deflate.maxStoredBlock - 1) / Deflate.maxStoredBlock
        let noiseAfter = max(150_000 - storedBytes, 0)
        let textAfter = input.count - max(storedBytes, 150_000)
        #expect(stream.count <= 2 + storedBytes + 5 * blocks + noiseAfter + noiseAfter / 50 + textAfter / 2 + 4)
        var damaged = stream
        damaged[2 + 5 + min(prefix, 100) / 2] ^= 0x20
        #expect(throws: StorageError.self) { try Deflate.decompress(damaged, rawLength: input.count) }
    }

    @Test("the known-answer stream from Python's zlib decodes with libdeflate")
    func knownAnswer() throws {
        let raw = try TestData.vector("zlib-input.bin")
        let stream = try TestData.vector("zlib-level1.bin")
        #expect(try Deflate.decompress(stream, rawLength: raw.count) == raw)
    }

    @Test("rejects a wrong length, a truncated stream and trailing bytes")
    func rejectsDamage() throws {
        let input = TestData.csvText(10_000)
        let stream = try Deflate.compress(input, level: 1)
        #expect(throws: StorageError.self) { try Deflate.decompress(stream, rawLength: input.count - 1) }
        #expect(throws: StorageError.self) { try Deflate.decompress(stream, rawLength: input.count + 1) }
        #expect(throws: StorageError.self) { try Deflate.decompress(Array(stream.dropLast(3)), rawLength: input.count) }
        #expect(throws: StorageError.self) { try Deflate.decompress(stream + [0], rawLength: input.count) }
    }
}
