import Foundation
import MLVObjects
import MLVStorage

extension FileStorer {
    /// The file id `bytes` get when stored: chunked exactly as a worktree file with the same
    /// contents, so a merged file that equals an existing one gets the existing id.
    /// - Complexity: O(n): one chunking and one SHA-256 pass.
    static func manifestID(of bytes: [UInt8]) -> ObjectID {
        manifest(of: bytes).manifest.id
    }

    /// Stores in-memory contents as chunks plus a manifest; returns the file id.
    @discardableResult
    static func store(_ bytes: [UInt8], writer: ObjectWriter) throws -> ObjectID {
        let (manifest, pieces) = manifest(of: bytes)
        for (chunk, piece) in zip(manifest.chunks, pieces) {
            try writer.put(Array(piece), id: chunk.id, kind: .chunk)
        }
        return try writer.put(manifest.encoded(), kind: .file)
    }

    private static func manifest(of bytes: [UInt8]) -> (manifest: FileManifest, pieces: [ArraySlice<UInt8>]) {
        var chunks: [FileManifest.Chunk] = []
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        for length in Chunker(parameters: .standard).boundaries(of: bytes) {
            let piece = bytes[start..<(start + length)]
            chunks.append(FileManifest.Chunk(id: SHA256Hasher.hash(piece), length: length))
            pieces.append(piece)
            start += length
        }
        return (FileManifest(chunks: chunks), pieces)
    }
}
