import Testing

@testable import MLVStorage

@Suite struct SHA256HasherTests {
    /// NIST FIPS 180-2 / CAVS examples.
    static let vectors: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ]

    @Test("NIST vectors", arguments: vectors)
    func nistVector(message: String, digest: String) {
        #expect(SHA256Hasher.hash(Array(message.utf8)).description == digest)
        var hasher = SHA256Hasher()
        for byte in message.utf8 { hasher.update([byte]) }
        #expect(hasher.finalize().description == digest)
    }

    @Test("NIST vector: one million 'a'")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256Hasher.hash([UInt8](repeating: 0x61, count: 1_000_000)).description == expected)
        var hasher = SHA256Hasher()
        let block = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { hasher.update(block) }
        #expect(hasher.finalize().description == expected)
    }

    /// Every length from 0 to 200 (one and two padding blocks, every tail length), then long
    /// messages of odd lengths, all in one call: the lanes take new messages as others finish.
    static func messages() -> (bytes: [UInt8], ranges: [Range<Int>]) {
        var generator = SeededGenerator(seed: 41)
        var lengths = Array(0...200)
        for _ in 0..<60 { lengths.append(Int.random(in: 1...70_000, using: &generator)) }
        let bytes = generator.bytes(lengths.reduce(0, +))
        var ranges: [Range<Int>] = []
        var start = 0
        for length in lengths {
            ranges.append(start..<(start + length))
            start += length
        }
        return (bytes, ranges)
    }

    @Test("many messages hashed together (AVX-512 lanes where present) give each one's SHA-256")
    func manyAtOnce() {
        let (bytes, ranges) = Self.messages()
        let single = ranges.map { SHA256Hasher.hash(bytes[$0]) }
        #expect(unsafe bytes.withUnsafeBytes { unsafe SHA256Hasher.hash($0, ranges: ranges) } == single)
        // The NIST vectors among other messages.
        let abc = Array("abc".utf8) + Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        let ids = unsafe abc.withUnsafeBytes { unsafe SHA256Hasher.hash($0, ranges: [0..<3, 3..<abc.count, 0..<0]) }
        #expect(ids.map(\.description) == [Self.vectors[1].1, Self.vectors[2].1, Self.vectors[0].1])
    }

    @Test("the matching prefix stops at the first message whose digest differs, wherever it is")
    func matchingPrefix() {
        let (bytes, ranges) = Self.messages()
        let single = ranges.map { SHA256Hasher.hash(bytes[$0]) }
        let available = unsafe bytes.withUnsafeBytes {
            unsafe SHA256Hasher.matchingPrefix($0, ranges: ranges, expected: single)
        }
        // Nil only on CPUs without AVX-512, where callers hash one by one.
        guard let all = available else { return }
        #expect(all == ranges.count)
        for wrong in [0, 1, 15, 16, 17, 100, 230, ranges.count - 1] {
            var expected = single
            expected[wrong] = SHA256Hasher.hash([UInt8(wrong & 0xff), 1, 2])
            let matched = unsafe bytes.withUnsafeBytes {
                unsafe SHA256Hasher.matchingPrefix($0, ranges: ranges, expected: expected)
            }
            #expect(matched == wrong)
        }
    }
}
