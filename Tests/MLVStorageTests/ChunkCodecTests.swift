import Testing

@testable import MLVStorage

@Suite struct ChunkCodecTests {
    static let sizes = [0, 1, 3, 7, 8, 9, 255, 4099, 65_537]

    /// Encodes `raw` with exactly `codec`, bypassing the encoder's choice.
    private func forceEncode(_ raw: [UInt8], codec: ChunkCodec) throws -> [UInt8] {
        if codec == .raw { return raw }
        return try Zlib.compress(ByteShuffle.shuffle(raw, width: codec.elementWidth), level: 1)
    }

    @Test("every codec round-trips", arguments: ChunkCodec.allCases, sizes)
    func roundTrip(codec: ChunkCodec, size: Int) throws {
        for raw in [TestData.seededBytes(size, seed: UInt64(size)), TestData.csvText(size)] {
            let stored = try forceEncode(raw, codec: codec)
            #expect(try ChunkEncoder.decode(stored, codec: codec, rawLength: raw.count) == raw)
        }
    }

    @Test("shuffle groups byte k of each element and keeps the tail", arguments: [1, 2, 4, 8])
    func shuffleLayout(width: Int) {
        // Two whole elements and a tail of width - 1 bytes.
        let input = (0..<UInt8(3 * width - 1)).map { $0 }
        let shuffled = ByteShuffle.shuffle(input, width: width)
        if width == 1 {
            #expect(shuffled == input)
        } else {
            // Two whole elements: byte k of element 0, then byte k of element 1.
            var expected: [UInt8] = []
            for k in 0..<width { expected += [UInt8(k), UInt8(width + k)] }
            expected += input.suffix(width - 1)
            #expect(shuffled == expected)
        }
        #expect(ByteShuffle.unshuffle(shuffled, width: width) == input)
    }

    @Test("shuffle and unshuffle follow the definition on long inputs of every width", arguments: [2, 4, 8])
    func shuffleDefinition(width: Int) {
        for count in [width * 1000, width * 4099 + width - 1] {
            let input = TestData.seededBytes(count, seed: UInt64(count))
            let elements = count / width
            var expected = [UInt8](repeating: 0, count: count)
            for i in 0..<elements {
                for k in 0..<width { expected[k * elements + i] = input[i * width + k] }
            }
            for t in (elements * width)..<count { expected[t] = input[t] }
            #expect(ByteShuffle.shuffle(input, width: width) == expected)
            #expect(ByteShuffle.unshuffle(expected, width: width) == input)
        }
    }

    @Test(
        "encode round-trips for every hint and size",
        arguments: [
            ContentHint.generic, .elements(width: 2), .elements(width: 4), .elements(width: 8), .elements(width: 3),
        ], sizes)
    func encodeRoundTrip(hint: ContentHint, size: Int) throws {
        let encoder = ChunkEncoder()
        for raw in [TestData.seededBytes(size, seed: 9), TestData.csvText(size), TestData.normalFloat32(size / 4)] {
            let encoded = try encoder.encode(raw, hint: hint)
            #expect(encoded.bytes.count <= raw.count)
            #expect(try ChunkEncoder.decode(encoded.bytes, codec: encoded.codec, rawLength: raw.count) == raw)
        }
    }

    @Test("random bytes are stored raw", arguments: [.generic, ContentHint.elements(width: 4)])
    func randomIsRaw(hint: ContentHint) throws {
        for size in [100, 65_536] {
            let raw = TestData.seededBytes(size, seed: 10)
            let encoded = try ChunkEncoder().encode(raw, hint: hint)
            #expect(encoded.codec == .raw)
            #expect(encoded.bytes == raw)
        }
    }

    @Test("CSV text is stored with zlib and shrinks")
    func csvIsZlib() throws {
        let raw = TestData.csvText(65_536)
        let encoded = try ChunkEncoder().encode(raw)
        #expect(encoded.codec == .zlib)
        #expect(encoded.bytes.count < raw.count / 2)
    }

    @Test("float32 data uses shuffle4, with the hint or detected")
    func float32UsesShuffle4() throws {
        let raw = TestData.normalFloat32(16_384)
        for hint in [ContentHint.elements(width: 4), .generic] {
            let encoded = try ChunkEncoder().encode(raw, hint: hint)
            #expect(encoded.codec == .shuffle4Zlib)
            #expect(encoded.bytes.count < raw.count)
        }
    }

    @Test("float32 mantissa planes go into stored blocks; the exponent plane is compressed")
    func float32StoresNoisePlanes() throws {
        let raw = TestData.normalFloat32(16_384)
        let plan = try #require(ChunkEncoder().plan(raw, hint: .elements(width: 4)))
        #expect(plan == ChunkEncoder.Plan(codec: .shuffle4Zlib, storedPlanes: 3))
        let encoded = try ChunkEncoder().encode(raw, hint: .elements(width: 4))
        // Three stored quarters plus a compressed exponent plane.
        #expect(encoded.bytes.count > 3 * raw.count / 4 && encoded.bytes.count < 7 * raw.count / 8)
        #expect(try ByteShuffle.unshuffle(Zlib.decompress(encoded.bytes, rawLength: raw.count), width: 4) == raw)
        #expect(try ChunkEncoder.decode(encoded.bytes, codec: .shuffle4Zlib, rawLength: raw.count) == raw)
        // Text has no noise plane to store.
        #expect(ChunkEncoder().plan(TestData.csvText(16_384), hint: .generic) == ChunkEncoder.Plan(codec: .zlib))
    }

    @Test("random bytes estimate near 8 bits per byte, text far below")
    func entropyEstimate() {
        let random = EntropyEstimate(TestData.seededBytes(65_536, seed: 12))
        #expect(random.bitsPerByte.allSatisfy { $0 > 7.8 })
        let text = EntropyEstimate(TestData.csvText(65_536))
        #expect(text.bitsPerByte[0] < 6)
    }

    @Test("decode rejects damaged input")
    func rejectsDamage() throws {
        let raw = TestData.csvText(10_000)
        let stored = try forceEncode(raw, codec: .zlib)
        let damaged: [(bytes: [UInt8], rawLength: Int)] = [
            (Array(stored.prefix(stored.count / 2)), raw.count),  // truncated
            (Array(stored.dropLast()), raw.count),  // missing checksum byte
            (stored, raw.count - 1),  // too long for the expected length
            (stored, raw.count + 1),  // too short for the expected length
            (stored + [0], raw.count),  // trailing garbage
            (TestData.seededBytes(500, seed: 13), raw.count),  // garbage
            ([], raw.count),  // empty
        ]
        for (bytes, rawLength) in damaged {
            for codec in [ChunkCodec.zlib, .shuffle4Zlib] {
                let error = #expect(throws: StorageError.self) {
                    try ChunkEncoder.decode(bytes, codec: codec, rawLength: rawLength)
                }
                #expect(error?.code == .corrupt || error?.code == .compression)
            }
        }
        var flipped = stored
        flipped[stored.count / 2] ^= 0x55
        #expect(throws: StorageError.self) { try ChunkEncoder.decode(flipped, codec: .zlib, rawLength: raw.count) }
        let rawError = #expect(throws: StorageError.self) {
            try ChunkEncoder.decode(raw, codec: .raw, rawLength: raw.count + 1)
        }
        #expect(rawError?.code == .corrupt)
    }

    @Test("decodes the zlib stream Python's zlib wrote at level 1")
    func zlibKnownAnswer() throws {
        let input = try TestData.vector("zlib-input.bin")
        let stream = try TestData.vector("zlib-level1.bin")
        #expect(stream.prefix(2) == [0x78, 0x01])
        #expect(try ChunkEncoder.decode(stream, codec: .zlib, rawLength: input.count) == input)
        #expect(try Zlib.decompress(Zlib.compress(input, level: 1), rawLength: input.count) == input)
    }

    @Test("codec bytes are frozen")
    func codecBytes() {
        #expect(ChunkCodec.allCases.map(\.rawValue) == [0, 1, 2, 3, 4])
        #expect(ChunkCodec.allCases.map(\.elementWidth) == [1, 1, 2, 4, 8])
    }

    @Test("an invalid level is rejected when zlib is used")
    func invalidLevel() {
        let error = #expect(throws: StorageError.self) { try ChunkEncoder(level: 12).encode(TestData.csvText(2000)) }
        #expect(error?.code == .invalidArgument)
    }
}
