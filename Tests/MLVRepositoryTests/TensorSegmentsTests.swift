import Foundation
import MLVFormats
import MLVObjects
import MLVStorage
import MLVTestSupport
import Testing

@testable import MLVRepository

/// Tensor files are cut at tensor boundaries, so an unchanged tensor dedups exactly.
@Suite struct TensorSegmentsTests {
    /// A checkpoint of `count` float32 tensors of `elements` values each (plus two tiny ones),
    /// where tensors listed in `changed` get other values.
    static func checkpoint(count: Int, elements: Int, changed: Set<Int> = [], seed: UInt64 = 1) throws -> [UInt8] {
        var tensors: [SafetensorsTensor] = []
        for index in 0..<count {
            var generator = SplitMix64(seed: seed &* 1000 &+ UInt64(index) &+ (changed.contains(index) ? 7777 : 0))
            let values = (0..<elements).map { _ in Float(Int64(bitPattern: generator.next() % 20_000) - 10_000) / 997 }
            tensors.append(try SafetensorsTensor(name: "layer\(index).weight", shape: [elements], floats: values))
        }
        tensors.append(try SafetensorsTensor(name: "scale", shape: [1], floats: [changed.isEmpty ? 1 : 2]))
        tensors.append(try SafetensorsTensor(name: "step", shape: [1], int64s: [42]))
        return try SafetensorsFile(tensors: tensors, metadata: ["format": "pt"]).encode()
    }

    func store(_ repo: TempRepository, _ name: String, _ bytes: [UInt8]) throws -> FileManifest {
        try repo.write(name, bytes)
        let stat = try #require(FileStat.of(repo.url(name).path))
        let writer = try repo.repository.objects.makeWriter()
        let storer = FileStorer(repository: repo.repository, writer: writer, parallel: true)
        let stored = try storer.store(try repo.path(name), expected: stat)
        try writer.commit()
        return try repo.reopened().manifest(stored.id)
    }

    @Test("segments are the header, each large tensor, and the small tensors together")
    func segments() throws {
        let bytes = try Self.checkpoint(count: 3, elements: 20_000)
        let header = try SafetensorsHeader(parsing: bytes, fileLength: bytes.count)
        let segments = try #require(
            TensorSegments.segments(head: bytes, fileSize: UInt64(bytes.count), minimumSize: 4096))
        #expect(segments.first?.range == 0..<UInt64(header.dataStart))
        // Canonical order puts the 8-byte "step" first (widest dtype first), then the float
        // tensors by name: header, [step], three tensors, [scale].
        #expect(segments.count == 6)
        #expect(segments.map(\.hint) == [.generic, .generic] + Array(repeating: .elements(width: 4), count: 4))
        #expect(segments.filter { $0.range.count >= 4096 }.count == 3)
        #expect(segments.last?.range.upperBound == UInt64(bytes.count))
        for (a, b) in zip(segments, segments.dropFirst()) { #expect(a.range.upperBound == b.range.lowerBound) }
        // A file that only looks like one is chunked whole.
        var damaged = bytes
        damaged[8] = UInt8(ascii: "[")
        #expect(TensorSegments.segments(head: damaged, fileSize: UInt64(bytes.count), minimumSize: 4096) == nil)
    }

    @Test("changing half the tensors stores only those tensors and the header again")
    func unchangedTensorsDedup() throws {
        let repo = try TempRepository()
        let v1 = try Self.checkpoint(count: 8, elements: 50_000)
        let v2 = try Self.checkpoint(count: 8, elements: 50_000, changed: [1, 3, 5, 7])
        let old = try store(repo, "model.safetensors", v1)
        let new = try store(repo, "model.safetensors", v2)
        let oldIDs = Set(old.chunks.map(\.id))
        let fresh = new.chunks.filter { !oldIDs.contains($0.id) }.reduce(0) { $0 + $1.length }
        let header = try SafetensorsHeader(parsing: v2, fileLength: v2.count)
        let changedBytes = 4 * 200_000 + header.dataStart + 12
        // Exactly the changed tensors, the header and the tiny tensors; nothing of the rest.
        #expect(fresh <= changedBytes)
        #expect(fresh >= 4 * 200_000)
        #expect(new.size == UInt64(v2.count))
    }

    /// The manifests of `bytes` chunked on one thread and on two (every file split in halves).
    func manifestsOnOneAndTwoThreads(_ bytes: [UInt8]) throws -> (sequential: FileManifest, parallel: FileManifest) {
        let repo = try TempRepository()
        try repo.write("m.safetensors", bytes)
        let stat = try #require(FileStat.of(repo.url("m.safetensors").path))
        let path = try repo.path("m.safetensors")
        let sequential = try FileStorer(repository: repo.repository, writer: nil, parallel: false)
            .manifest(path, expected: stat)
        var parallel = FileStorer(repository: repo.repository, writer: nil, parallel: true)
        parallel.splitThreshold = 1
        return (sequential, try parallel.manifest(path, expected: stat))
    }

    @Test("parts chunked on two threads give the sequential manifest") func twoThreads() throws {
        let bytes = try Self.checkpoint(count: 7, elements: 40_000, changed: [2])
        let (sequential, parallel) = try manifestsOnOneAndTwoThreads(bytes)
        #expect(parallel == sequential)
        #expect(sequential.size == UInt64(bytes.count))
    }

    @Test("chunks of a float tensor start at element boundaries, on one thread or two")
    func elementAligned() throws {
        let bytes = try Self.checkpoint(count: 1, elements: 400_000)
        let (sequential, parallel) = try manifestsOnOneAndTwoThreads(bytes)
        #expect(parallel == sequential)

        let segments = try #require(
            TensorSegments.segments(head: bytes, fileSize: UInt64(bytes.count), minimumSize: 4096))
        let tensor = try #require(segments.first { $0.range.count == 1_600_000 })
        #expect(tensor.alignment == 4)
        var offset: UInt64 = 0
        var inside = 0
        for chunk in sequential.chunks {
            if tensor.range.contains(offset) {
                #expect((offset - tensor.range.lowerBound) % 4 == 0)
                inside += 1
            }
            offset += UInt64(chunk.length)
        }
        #expect(inside > 20)
    }

    @Test("equal content gets one id whatever the file is called") func nameIndependent() throws {
        let repo = try TempRepository()
        let bytes = try Self.checkpoint(count: 2, elements: 30_000)
        #expect(try store(repo, "a.safetensors", bytes) == store(repo, "weights.bin", bytes))
    }

    @Test("an npy file is cut after its header") func npy() throws {
        let values = (0..<40_000).map { Float($0) / 7 }
        let bytes = try NPYArray(shape: [200, 200], floats: values).encode()
        let layout = try NPYLayout(prefix: bytes[...])
        let segments = try #require(
            TensorSegments.segments(head: bytes, fileSize: UInt64(bytes.count), minimumSize: 4096))
        #expect(
            segments.map(\.range) == [0..<UInt64(layout.dataStart), UInt64(layout.dataStart)..<UInt64(bytes.count)])
        #expect(segments.last?.hint == .elements(width: 4))
        let repo = try TempRepository()
        let manifest = try store(repo, "x.npy", bytes)
        #expect(manifest.chunks.first?.length == layout.dataStart)
    }
}
