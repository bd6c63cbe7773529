import Foundation
import MLVDiff
import MLVObjects
import MLVStorage
import Testing

@Suite struct BinaryDiffTests {
    /// A chunk whose id is made from `tag`, `length` bytes long.
    private func chunk(_ tag: UInt64, _ length: Int) -> FileManifest.Chunk {
        FileManifest.Chunk(id: ObjectID(w0: tag, w1: 0, w2: 0, w3: 0), length: length)
    }

    @Test("shared chunks and bytes count ids as a multiset") func multiset() {
        let old = FileManifest(chunks: [chunk(1, 100), chunk(2, 100), chunk(2, 100), chunk(3, 50)])
        let new = FileManifest(chunks: [chunk(2, 100), chunk(1, 100), chunk(4, 70), chunk(1, 100)])
        let diff = BinaryDiff(old: old, new: new)
        #expect(diff.sharedChunks == 2 && diff.sharedBytes == 200)
        #expect(diff.oldChunkCount == 4 && diff.newChunkCount == 4)
        #expect(diff.summary == "350 B → 370 B (+5.7%), 54.0% of bytes shared (2 of 4 chunks)")
    }

    @Test("summaries in decimal units") func units() {
        let shared = (0..<412).map { chunk(UInt64($0), 2912) }
        let old = FileManifest(chunks: shared)
        let new = FileManifest(chunks: Array(shared.prefix(410)) + (0..<10).map { chunk(UInt64(1000 + $0), 10_000) })
        let diff = BinaryDiff(old: old, new: new)
        #expect(diff.summary == "1.2 MB → 1.3 MB (+7.8%), 92.2% of bytes shared (410 of 420 chunks)")
    }

    @Test("added, deleted, identical and emptied files") func edges() {
        let file = FileManifest(chunks: [chunk(1, 1500), chunk(2, 500)])
        #expect(BinaryDiff(old: nil, new: file).summary == "added, 2.0 kB in 2 chunks")
        #expect(BinaryDiff(old: file, new: nil).summary == "deleted, 2.0 kB in 2 chunks")
        #expect(
            BinaryDiff(old: file, new: file).summary
                == "2.0 kB → 2.0 kB (+0.0%), 100.0% of bytes shared (2 of 2 chunks)")
        #expect(BinaryDiff(old: file, new: FileManifest(chunks: [])).summary == "2.0 kB → 0 B (-100.0%)")
        #expect(
            BinaryDiff(old: FileManifest(chunks: []), new: file).summary
                == "0 B → 2.0 kB, 0.0% of bytes shared (0 of 2 chunks)")
        #expect(BinaryDiff(old: nil, new: nil).sharedFraction == nil)
    }

    @Test("a share just under 100% does not round up") func roundsDown() {
        let old = FileManifest(chunks: (0..<2000).map { chunk(UInt64($0), 1000) })
        let new = FileManifest(chunks: (0..<1999).map { chunk(UInt64($0), 1000) } + [chunk(9999, 1000)])
        #expect(BinaryDiff(old: old, new: new).summary.contains("99.9% of bytes shared (1999 of 2000 chunks)"))
    }

    @Test("JSON has the documented shape") func json() throws {
        let diff = BinaryDiff(old: nil, new: FileManifest(chunks: [chunk(1, 10)]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(
            String(decoding: try encoder.encode(diff), as: UTF8.self)
                == #"{"newChunks":1,"newSize":10,"oldChunks":0,"oldSize":null,"sharedBytes":0,"sharedChunks":0,"#
                + #""sharedFraction":0,"summary":"added, 10 B in 1 chunk"}"#)
        #expect(BinaryDiff(old: nil, new: FileManifest(chunks: [chunk(1, 10)])).summary.hasPrefix("added, 10 B"))
    }

    @Test("summaries match the golden file") func golden() {
        let base = (0..<40).map { chunk(UInt64($0), 3000 + $0 * 10) }
        let cases: [(FileManifest?, FileManifest?)] = [
            (FileManifest(chunks: base), FileManifest(chunks: base)),
            (FileManifest(chunks: base), FileManifest(chunks: Array(base.dropLast(5)) + [chunk(500, 60_000)])),
            (FileManifest(chunks: base), FileManifest(chunks: Array(base.prefix(10)))),
            (nil, FileManifest(chunks: base)),
            (FileManifest(chunks: base), nil),
        ]
        let lines = cases.map { BinaryDiff(old: $0.0, new: $0.1).summary + "\n" }.joined()
        assertDiffGolden(lines, named: "binaryDiffSummaries")
    }
}
