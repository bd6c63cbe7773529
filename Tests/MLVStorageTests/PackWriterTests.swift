import Foundation
import Testing

@testable import MLVStorage

@Suite struct PackWriterTests {
    @Test("a pack streams to tmp, installs as pack-<checksum> with its index, and reads back")
    func roundTrip() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(at: scratch.tmp, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scratch.pack, withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: 7)
        let writer = try PackWriter(temporaryDirectory: scratch.tmp)
        var objects: [(PackIndex.Entry, [UInt8])] = []
        for size in [0, 1, 100, 5000] {
            let raw = generator.bytes(size)
            let entry = try writer.append(
                id: SHA256Hasher.hash(raw), kind: .chunk, codec: .raw, rawLength: size, stored: raw)
            #expect(try writer.readStored(entry) == raw)
            objects.append((entry, raw))
        }
        let installed = try writer.install(packDirectory: scratch.pack, temporaryDirectory: scratch.tmp)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.tmp.path).isEmpty)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: installed.pack)))
        #expect(Array(bytes.prefix(8)) == Array("MLVP".utf8) + [0, 0, 0, 1])
        let trailer = ObjectID(bytes: bytes, at: bytes.count - 32)
        // The checksum covers the pack header and each 42-byte entry header, not stored bytes.
        var headers = Array(bytes.prefix(8))
        var offset = 8
        for (entry, _) in objects {
            headers += bytes[offset..<(offset + 42)]
            offset += 42 + entry.storedLength
        }
        #expect(offset == bytes.count - 32)
        #expect(trailer == SHA256Hasher.hash(headers))
        #expect(installed.pack.hasSuffix("pack-\(trailer?.description ?? "").pack"))

        let reader = try PackReader(path: installed.pack)
        let index = try PackIndex(path: installed.index)
        #expect(try reader.computedChecksum() == reader.storedChecksum())
        #expect(index.packChecksum == trailer)
        for (entry, raw) in objects {
            #expect(try index.lookup(entry.id, kind: .chunk) == entry)
            #expect(try reader.readObject(entry) == raw)
        }
    }

    @Test("a bulk pack written with direct I/O has the same bytes as a buffered one, and reads back meanwhile")
    func directMatchesBuffered() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(at: scratch.tmp, withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: 21)
        // Sizes that end entries inside, across and exactly at the 4 MiB buffer edges.
        var sizes = [
            0, 1, 4095, 4096, 65_536, DirectPackOutput.bufferSize - 8 - 42 - 65_536 - 4096 - 4095 - 1 - 42 * 5,
        ]
        sizes += [3_000_000, DirectPackOutput.bufferSize * 2 + 17, 100, 777_777]
        let objects = sizes.map { generator.bytes($0) }
        let buffered = try PackWriter(temporaryDirectory: scratch.tmp)
        let direct = try PackWriter(temporaryDirectory: scratch.tmp, bulk: true)
        if FileWriterProbe.supportsDirect(in: scratch.tmp) { #expect(direct.writesDirect) }
        var entries: [PackIndex.Entry] = []
        for raw in objects {
            let id = SHA256Hasher.hash(raw)
            let entry = try direct.append(id: id, kind: .chunk, codec: .raw, rawLength: raw.count, stored: raw)
            #expect(try buffered.append(id: id, kind: .chunk, codec: .raw, rawLength: raw.count, stored: raw) == entry)
            entries.append(entry)
            // Every entry so far reads back: from the file, the current buffer, or both.
            for (earlier, bytes) in zip(entries, objects) { #expect(try direct.readStored(earlier) == bytes) }
        }
        try direct.flushBuffer()
        for (entry, bytes) in zip(entries, objects) { #expect(try direct.readStored(entry) == bytes) }
        #expect(try direct.seal() == buffered.seal())
        let directBytes = try Data(contentsOf: URL(fileURLWithPath: direct.temporaryPath))
        let bufferedBytes = try Data(contentsOf: URL(fileURLWithPath: buffered.temporaryPath))
        #expect(directBytes.count == bufferedBytes.count)
        #expect(directBytes == bufferedBytes)
        direct.discard()
        buffered.discard()
    }

    @Test("discard removes the temporary pack")
    func discard() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(at: scratch.tmp, withIntermediateDirectories: true)
        let writer = try PackWriter(temporaryDirectory: scratch.tmp)
        _ = try writer.append(id: SHA256Hasher.hash([1]), kind: .chunk, codec: .raw, rawLength: 1, stored: [1])
        writer.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.tmp.path).isEmpty)
    }

    @Test("an entry header is 42 bytes in the documented order")
    func entryHeaderLayout() {
        let id = SHA256Hasher.hash([9])
        let header = PackFormat.entryHeader(kind: .tree, codec: .zlib, rawLength: 0x0102_0304, storedLength: 5, id: id)
        #expect(header.count == 42)
        #expect(Array(header.prefix(10)) == [3, 1, 1, 2, 3, 4, 0, 0, 0, 5])
        #expect(Array(header.suffix(32)) == id.bytes)
    }
}

/// Whether a file in a folder can be switched to direct I/O (not on tmpfs or macOS).
enum FileWriterProbe {
    static func supportsDirect(in folder: URL) -> Bool {
        let path = folder.appendingPathComponent("probe-\(UUID().uuidString)").path
        guard let file = try? FileWriter(creating: path) else { return false }
        defer { try? FileSystem.remove(path) }
        return file.setDirect(true)
    }
}
