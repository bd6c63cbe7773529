import Testing

@testable import MLVStorage

/// igzip writes the chunks and libdeflate reads them; libz must read what they write and the
/// reverse, so the format stays plain zlib (RFC 1950) whichever library a reader uses.
@Suite struct DeflateTests {
    static let inputs: [[UInt8]] = [
        [],
        Array("a".utf8),
        TestData.csvText(70_000),
        TestData.seededBytes(16_384, seed: 3),
    ]

    @Test("libz decodes the streams written here and libdeflate decodes libz's", arguments: inputs)
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
        // The stored part costs 5 bytes per 64 KiB block; text alone after it still shrinks, and
        // noise after it never costs more than storing it.
        let storedBytes = min(prefix, input.count)
        let rest = input.count - storedBytes
        let bound = storedBytes >= 150_000 ? rest / 2 : Deflate.storedSize(rest)
        #expect(stream.count <= 2 + Deflate.storedSize(storedBytes) + bound + 4)
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

    @Test("every level writes plain zlib, and noise that would grow is stored instead", arguments: [1, 2, 5, 6, 9])
    func levels(level: Int32) throws {
        for input in Self.inputs {
            let stream = try Deflate.compress(input, level: level)
            #expect(try Zlib.decompress(stream, rawLength: input.count) == input)
            #expect(try Deflate.decompress(stream, rawLength: input.count) == input)
            #expect(stream.count <= 2 + Deflate.storedSize(input.count) + 4)
        }
    }
}
