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
}
