import MLVObjects
import MLVStorage
import Testing

@Suite struct FileManifestTests {
    static let manifest = FileManifest(chunks: [
        .init(id: repeatedID(0x55), length: 1000), .init(id: repeatedID(0x66), length: 24),
    ])

    @Test("round-trips and reports the size as the sum of chunk lengths")
    func roundTrip() throws {
        #expect(Self.manifest.size == 1024)
        let decoded = try FileManifest(decoding: Self.manifest.encoded())
        #expect(decoded == Self.manifest)
        #expect(decoded.id == Self.manifest.id)
        #expect(try FileManifest(decoding: FileManifest(chunks: []).encoded()).chunks.isEmpty)
    }

    @Test("matches the known-answer vector in Vectors/manifest-small.txt")
    func knownAnswer() throws {
        let vector = try Vector(named: "manifest-small")
        #expect(hexString(Self.manifest.encoded()) == hexString(vector.body))
        #expect(Self.manifest.id == vector.id)
    }

    @Test("rejects every truncation")
    func rejectsTruncation() {
        let encoded = Self.manifest.encoded()
        for length in 0..<encoded.count {
            #expect(throws: ObjectsError.self, "length \(length)") {
                try FileManifest(decoding: Array(encoded.prefix(length)))
            }
        }
    }

    @Test("rejects trailing bytes")
    func rejectsTrailing() {
        #expect(throws: ObjectsError.self) { try FileManifest(decoding: Self.manifest.encoded() + [0]) }
    }

    @Test("rejects a size that does not match the chunks")
    func rejectsSizeMismatch() throws {
        var encoded = Self.manifest.encoded()
        encoded[7] ^= 1
        let error = try #require(throws: ObjectsError.self) { try FileManifest(decoding: encoded) }
        #expect(error.code == .invalid)
        #expect(error.message.contains("does not match"))
    }

    @Test("rejects a zero-length chunk")
    func rejectsEmptyChunk() {
        var body = [UInt8]()
        body.put(0, width: 8)
        body.put(1, width: 4)
        body += repeatedID(1).bytes
        body.put(0, width: 4)
        #expect(throws: ObjectsError.self) { try FileManifest(decoding: body) }
    }
}
