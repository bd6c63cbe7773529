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
