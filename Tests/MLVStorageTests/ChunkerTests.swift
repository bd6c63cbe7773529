import Foundation
import MLVTestSupport
import Testing

@testable import MLVStorage

@Suite struct ChunkerTests {
    /// Small parameters so that a few hundred KiB give hundreds of chunks.
    static let small = ChunkerParameters(minSize: 256, averageSize: 1024, maxSize: 4096)
    static let seed: UInt64 = 0x6D6C_7631  // ASCII "mlv1", the seed of the 1 MiB vector stream

    @Test("every chunk lies within min and max except the last", arguments: [small, .standard])
    func chunkSizesWithinBounds(parameters: ChunkerParameters) {
        let chunker = Chunker(parameters: parameters)
        for data in [TestData.seededBytes(1 << 20, seed: 1) + [1, 2, 3], [UInt8](repeating: 0, count: 300_000)] {
            let lengths = chunker.boundaries(of: data)
            #expect(lengths.reduce(0, +) == data.count)
            for length in lengths.dropLast() {
                #expect(length >= parameters.minSize && length <= parameters.maxSize)
            }
            if let last = lengths.last { #expect(last >= 1 && last <= parameters.maxSize) }
        }
    }

    @Test("random data chunks average near the target size")
    func averageSize() {
        let lengths = Chunker(parameters: Self.small).boundaries(of: TestData.seededBytes(1 << 20, seed: 2))
        let mean = Double(1 << 20) / Double(lengths.count)
        #expect(mean > 800 && mean < 1600)
    }

    @Test("short and empty inputs")
    func shortInputs() {
        let chunker = Chunker(parameters: Self.small)
        #expect(chunker.boundaries(of: []) == [])
        #expect(chunker.nextBoundary(in: [], isFinal: true) == nil)
        #expect(chunker.nextBoundary(in: [1, 2, 3], isFinal: false) == nil)
        #expect(chunker.nextBoundary(in: [1, 2, 3], isFinal: true) == 3)
        let zeros = [UInt8](repeating: 0, count: 5000)
        let first = chunker.nextBoundary(in: zeros[...], isFinal: false)
        #expect(first != nil && first! <= 4096)
    }

    @Test("feeding the data in pieces gives the same boundaries as feeding it whole", arguments: [3, 17, 1000, 5000])
    func streamingEqualsWhole(pieceSeed: UInt64) {
        let data = TestData.seededBytes(300_000, seed: 3)
        let chunker = Chunker(parameters: Self.small)
        let whole = chunker.boundaries(of: data)

        var pieces = SplitMix64(seed: pieceSeed)
        var buffer: [UInt8] = []
        var start = 0
        var fed = 0
        var streamed: [Int] = []
        while true {
            let isFinal = fed == data.count
            if start < buffer.count, let length = chunker.nextBoundary(in: buffer[start...], isFinal: isFinal) {
                streamed.append(length)
                start += length
                continue
            }
            if isFinal { break }
            let size = Int(pieces.next() % 6000) + 1
            let end = min(fed + size, data.count)
            buffer.append(contentsOf: data[fed..<end])
            fed = end
        }
        #expect(streamed == whole)
    }

    @Test("ChunkReader streams a file across read blocks with the same chunks")
    func chunkReaderMatchesWhole() throws {
        let data = TestData.seededBytes(ChunkReader.blockSize + 300_000, seed: 4)
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("mlv-chunker-\(UUID().uuidString)").path
        try Data(data).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        var reader = try ChunkReader(path: path, parameters: .standard)
        var chunks: [[UInt8]] = []
        while let chunk = try reader.next() { chunks.append(chunk) }
        #expect(chunks.map(\.count) == Chunker().boundaries(of: data))
        #expect(chunks.flatMap { $0 } == data)
    }

    @Test("an aligned range cuts only at multiples of the alignment, across read blocks", arguments: [2, 4, 8])
    func alignedCuts(alignment: Int) throws {
        let data = TestData.seededBytes(ChunkReader.blockSize + 700_001, seed: 9)
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("mlv-chunker-\(UUID().uuidString)").path
        try Data(data).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let range: Range<UInt64> = 3..<UInt64(data.count)
        var reader = try ChunkReader(path: path, parameters: .standard, range: range, alignment: alignment)
        var lengths: [Int] = []
        var bytes: [UInt8] = []
        while let chunk = try reader.next() {
            lengths.append(chunk.count)
            bytes += chunk
        }
        #expect(bytes == Array(data[3...]))
        #expect(lengths.dropLast().allSatisfy { $0 % alignment == 0 && $0 <= ChunkerParameters.standard.maxSize })
        // Each cut is the content-defined cut moved forward by less than the alignment.
        let plain = Chunker()
        var start = 3
        for length in lengths.dropLast() {
            let cut = try #require(plain.nextBoundary(in: data[start...], isFinal: true))
            #expect(length >= cut && length - cut < alignment)
            start += length
        }
    }

    @Test("inserting 100 bytes in the middle of 10 MB changes at most 3 chunks")
    func insertionIsLocal() {
        let original = TestData.seededBytes(10_000_000, seed: 5)
        var edited = original
        edited.insert(contentsOf: TestData.seededBytes(100, seed: 6), at: 5_000_000)
        let before = Set(chunkIDs(original))
        let after = chunkIDs(edited)
        let changed = after.filter { !before.contains($0) }
        #expect(changed.count <= 3)
        #expect(after.count > 300)
    }

    private func chunkIDs(_ data: [UInt8]) -> [ObjectID] {
        var start = 0
        return Chunker().boundaries(of: data).map { length in
            defer { start += length }
            return SHA256Hasher.hash(data[start..<(start + length)])
        }
    }

    @Test(
        "chunk lengths of the seeded 1 MiB stream match the known-answer vector",
        arguments: [
            ("chunk-boundaries-1mib.txt", ChunkerParameters.standard),
            ("chunk-boundaries-1mib-small.txt", small),
        ])
    func knownBoundaries(file: String, parameters: ChunkerParameters) throws {
        let expected = try TestData.vectorLines(file).compactMap { Int($0) }
        let lengths = Chunker(parameters: parameters).boundaries(of: TestData.seededBytes(1 << 20, seed: Self.seed))
        #expect(!expected.isEmpty)
        #expect(lengths == expected)
    }

    @Test("the gear table matches its known-answer vector")
    func gearTableVector() throws {
        let lines = try TestData.vectorLines("gear-table-sha256.txt")
        var bytes: [UInt8] = []
        for word in Chunker.gearTable {
            for shift in stride(from: 0, to: 64, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        #expect(Chunker.gearTable.count == 256)
        #expect(SHA256Hasher.hash(bytes).description == lines.first)
        #expect(String(Chunker.gearTable[0], radix: 16).leftPadded(16) == lines.dropFirst().first)
        #expect(String(Chunker.gearTable[255], radix: 16).leftPadded(16) == lines.dropFirst(2).first)
    }

    @Test("standard parameters are valid; inverted ones are rejected")
    func parameterValidation() throws {
        try ChunkerParameters.standard.validate()
        try Self.small.validate()
        #expect(throws: StorageError.self) {
            try ChunkerParameters(minSize: 4096, averageSize: 1024, maxSize: 8192).validate()
        }
        #expect(throws: StorageError.self) {
            try ChunkerParameters(minSize: 256, averageSize: 1000, maxSize: 8192).validate()
        }
        // Invalid parameters are clamped, never trapping.
        let lengths = Chunker(parameters: ChunkerParameters(minSize: 9000, averageSize: 1000, maxSize: 10))
            .boundaries(of: TestData.seededBytes(50_000, seed: 8))
        #expect(lengths.reduce(0, +) == 50_000)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }

    @Test("every cut the chunker makes (but the end of the data) may end a chunk; other lengths mostly not")
    func mayEndChunk() {
        let chunker = Chunker(parameters: ChunkerParameters(minSize: 256, averageSize: 1024, maxSize: 4096))
        var generator = SplitMix64(seed: 5)
        let bytes = generator.bytes(200_000) + [UInt8](repeating: 7, count: 20_000)
        var start = 0
        var rejected = 0
        let lengths = chunker.boundaries(of: bytes)
        for length in lengths.dropLast() {
            #expect(chunker.mayEndChunk(bytes[start..<(start + length)]))
            if length > 300 && !chunker.mayEndChunk(bytes[start..<(start + length - 1)]) { rejected += 1 }
            start += length
        }
        #expect(lengths.contains(4096))  // the zeros force maximum-size cuts
        #expect(rejected > lengths.count * 9 / 10)
        #expect(!chunker.mayEndChunk(bytes[0..<100]))  // below the minimum size
        #expect(!chunker.mayEndChunk(bytes[0..<5000]))  // above the maximum size
    }

    @Test("a reader takes guessed chunks only while their bytes hash to them and end at a possible cut")
    func guessedChunks() throws {
        let parameters = ChunkerParameters(minSize: 256, averageSize: 1024, maxSize: 4096)
        var generator = SplitMix64(seed: 9)
        let bytes = generator.bytes(50_000)
        let directory = try TempDirectory(prefix: "guess")
        let path = directory.url.appendingPathComponent("f").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let lengths = Chunker(parameters: parameters).boundaries(of: bytes)
        var starts = [0]
        for length in lengths { starts.append(starts[starts.count - 1] + length) }
        let chunks = lengths.indices.map { Array(bytes[starts[$0]..<starts[$0 + 1]]) }
        var guesses = chunks.map { (id: SHA256Hasher.hash($0), length: $0.count) }
        var reader = try ChunkReader(path: path, parameters: parameters)

        // A wrong first guess, or one of the wrong length (shorter bytes that do hash to it, but
        // end where the chunker would not cut), is not taken, and nothing is consumed.
        #expect(try reader.next(ifHashTo: [(SHA256Hasher.hash(bytes[0..<10]), lengths[0])]).accepted.isEmpty)
        #expect(try reader.next(ifHashTo: [(guesses[0].id, lengths[0] - 1)]).accepted.isEmpty)
        let shorter = Array(bytes[0..<(lengths[0] - 1)])
        #expect(try reader.next(ifHashTo: [(SHA256Hasher.hash(shorter), shorter.count)]).accepted.isEmpty)
        #expect(reader.offset == 0)

        // A run stops at its first wrong guess; the chunks before it are taken.
        guesses[20] = (SHA256Hasher.hash([1, 2, 3]), guesses[20].length)
        let taken = try reader.next(ifHashTo: Array(guesses[0..<30]))
        #expect(taken.accepted.map { Array($0) } == Array(chunks[0..<20]))
        #expect(taken.tried == 30)
        #expect(reader.offset == UInt64(starts[20]))
        #expect(try reader.next() == chunks[20])
        // The rest but the last chunk (no guess: it ended where the file did), in one run.
        let last = chunks.count - 1
        let rest = try reader.next(ifHashTo: Array(guesses[21..<last]))
        #expect(rest.accepted.map { Array($0) } == Array(chunks[21..<last]))
        #expect(rest.tried == last - 21)
        #expect(try reader.next() == chunks[last])
        #expect(try reader.next() == nil)
    }

    @Test("chunks hashed in batches are the chunks next() cuts, with their SHA-256")
    func hashedBatches() throws {
        let parameters = ChunkerParameters(minSize: 256, averageSize: 1024, maxSize: 4096)
        var generator = SplitMix64(seed: 10)
        let bytes = generator.bytes(9 * ChunkReader.blockSize / 4 + 777)
        let directory = try TempDirectory(prefix: "batch")
        let path = directory.url.appendingPathComponent("f").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var single = try ChunkReader(path: path, parameters: parameters)
        var expected: [[UInt8]] = []
        while let chunk = try single.next() { expected.append(chunk) }
        for batch in [2, 5, 32] {
            var reader = try ChunkReader(path: path, parameters: parameters)
            var seen: [[UInt8]] = []
            while true {
                let chunks = try reader.nextHashed(upTo: batch)
                if chunks.isEmpty { break }
                #expect(chunks.count <= batch)
                for (bytes, id) in chunks {
                    #expect(id == SHA256Hasher.hash(bytes))
                    seen.append(Array(bytes))
                }
            }
            #expect(seen == expected)
        }
    }
}
