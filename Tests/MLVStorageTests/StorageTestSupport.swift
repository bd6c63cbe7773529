import Foundation
import MLVStorage
import MLVTestSupport

/// A unique directory under the system temp directory, removed when the value is deinitialized.
final class ScratchDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mlv-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// `<scratch>/.mlv/objects`, as a repository lays it out.
    var objects: URL { url.appendingPathComponent(".mlv/objects") }
    var pack: URL { objects.appendingPathComponent("pack") }
    var tmp: URL { url.appendingPathComponent(".mlv/tmp") }

    /// The paths in `pack/` with this extension, sorted.
    func packFiles(_ ext: String) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: pack.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: pack.path).sorted()
            .filter { $0.hasSuffix("." + ext) }.map { pack.appendingPathComponent($0) }
    }
}

/// Repeatable pseudo-random data for tests: MLVStorage's SplitMix64, with `bytes(_:)` from
/// MLVTestSupport (the same generator, so the seeds give the same data as before).
typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    mutating func objectID() -> ObjectID { ObjectID(w0: next(), w1: next(), w2: next(), w3: next()) }
}

/// Small database options so that tests cross pack boundaries with kilobytes of data.
func smallPackOptions(limit: Int = 4096) -> ObjectDatabase.Options {
    var options = ObjectDatabase.Options()
    options.packSizeLimit = limit
    return options
}

/// Writes `count` random chunks of `size` bytes and commits, the batch announced as `announced`
/// bytes when given (``ObjectWriter/expect(rawBytes:)``); returns (id, raw) pairs.
func writeChunks(
    _ database: ObjectDatabase, count: Int, size: Int, seed: UInt64, announcing announced: UInt64? = nil
) throws -> [(ObjectID, [UInt8])] {
    var generator = SeededGenerator(seed: seed)
    let writer = try database.makeWriter()
    if let announced { writer.expect(rawBytes: announced) }
    var written: [(ObjectID, [UInt8])] = []
    for _ in 0..<count {
        let raw = generator.bytes(size)
        let id = SHA256Hasher.hash(raw)
        try writer.put(raw, id: id, kind: .chunk)
        written.append((id, raw))
    }
    try writer.commit()
    return written
}

/// Replaces bytes of a file in place.
func patchFile(_ url: URL, at offset: Int, with bytes: [UInt8]) throws {
    var data = [UInt8](try Data(contentsOf: url))
    data.replaceSubrange(offset..<offset + bytes.count, with: bytes)
    try Data(data).write(to: url)
}

/// Flips every bit of one byte of a file.
func flipByte(_ url: URL, at offset: Int) throws {
    let data = [UInt8](try Data(contentsOf: url))
    try patchFile(url, at: offset, with: [data[offset] ^ 0xFF])
}
