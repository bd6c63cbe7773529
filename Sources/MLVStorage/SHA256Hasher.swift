import CSHA256Lanes
import Crypto
import Foundation

/// Incremental SHA-256 producing ``ObjectID`` values (swift-crypto, BoringSSL on Linux).
///
/// - Complexity: O(n) in the bytes fed; about 1.5–2 GB/s with SHA extensions.
public struct SHA256Hasher {
    private var state = SHA256()

    public init() {}

    /// Feeds bytes into the hash.
    public mutating func update(_ bytes: some DataProtocol) {
        state.update(data: bytes)
    }

    /// Returns the digest; the hasher must not be used afterwards.
    public consuming func finalize() -> ObjectID {
        ObjectID(digest: state.finalize())
    }

    /// The SHA-256 of `bytes`.
    public static func hash(_ bytes: some DataProtocol) -> ObjectID {
        ObjectID(digest: SHA256.hash(data: bytes))
    }

    /// The SHA-256 of each of `ranges` of `bytes`, in order: sixteen at a time in the lanes of
    /// AVX-512 registers where the CPU has them (CSHA256Lanes), about 1.7 times the throughput
    /// of hashing them one by one; else one by one.
    ///
    /// - Precondition: every range lies within `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer, ranges: [Range<Int>]) -> [ObjectID] {
        guard ranges.count > 1, let base = bytes.baseAddress, mlv_sha256_lanes_available() != 0 else {
            return ranges.map { unsafe hash(UnsafeRawBufferPointer(rebasing: bytes[$0])) }
        }
        precondition(ranges.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= bytes.count })
        let starts = unsafe ranges.map { unsafe Optional(base.assumingMemoryBound(to: UInt8.self) + $0.lowerBound) }
        let lengths = ranges.map(\.count)
        var digests = [UInt8](repeating: 0, count: 32 * ranges.count)
        _ = unsafe mlv_sha256_many(starts, lengths, ranges.count, &digests)
        return (0..<ranges.count).map { index in
            // swift-format-ignore: NeverForceUnwrap
            // Each digest is 32 bytes of `digests`.
            ObjectID(bytes: Array(digests[(32 * index)..<(32 * index + 32)]))!
        }
    }

    /// How many leading `ranges` of `bytes` have the SHA-256 given for them in `expected`
    /// (CSHA256Lanes: hashed in AVX-512 lanes, none started after one fails to match). Nil when
    /// the CPU lacks AVX-512; the caller then hashes them one by one.
    public static func matchingPrefix(
        _ bytes: UnsafeRawBufferPointer, ranges: [Range<Int>], expected: [ObjectID]
    ) -> Int? {
        precondition(ranges.count == expected.count)
        guard let base = bytes.baseAddress, mlv_sha256_lanes_available() != 0 else { return nil }
        precondition(ranges.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= bytes.count })
        let starts = unsafe ranges.map { unsafe Optional(base.assumingMemoryBound(to: UInt8.self) + $0.lowerBound) }
        let lengths = ranges.map(\.count)
        var digests: [UInt8] = []
        digests.reserveCapacity(32 * expected.count)
        for id in expected { id.append(to: &digests) }
        let matched = unsafe mlv_sha256_matching_prefix(starts, lengths, ranges.count, digests)
        // SIZE_MAX (no AVX-512) reads as -1.
        return matched < 0 ? nil : min(matched, ranges.count)
    }

    /// The id of a structured object: SHA-256 of `"<kind> <length>\0"` followed by `body`.
    ///
    /// Chunks are named by the hash of their raw bytes alone (docs/FORMAT.md §3); every other
    /// kind hashes this header first, so a manifest and a tree with equal bodies differ.
    public static func hash(kind: ObjectKind, body: [UInt8]) -> ObjectID {
        if kind == .chunk { return hash(body) }
        var hasher = SHA256Hasher()
        hasher.update(Array("\(kind) \(body.count)\0".utf8))
        hasher.update(body)
        return hasher.finalize()
    }
}

extension ObjectID {
    init(digest: SHA256.Digest) {
        // Digest is 32 bytes; read them as four big-endian words.
        let bytes = unsafe digest.withUnsafeBytes { unsafe Array($0) }
        // swift-format-ignore: NeverForceUnwrap
        // A SHA-256 digest always has exactly 32 bytes.
        self = ObjectID(bytes: bytes)!
    }
}
