import Foundation
import MLVRepository
import MLVStorage

/// Sends objects as pack streams of about ``PushOptions/pieceSize`` bytes, up to
/// ``PushOptions/jobs`` at a time (docs/PROTOCOL.md §3.2, step 4).
///
/// Each piece is written to a temporary file in `.mlv/tmp` from the objects' stored bytes (nothing
/// is compressed again) and deleted after its upload. A remote installs a piece whole, so a push
/// that stops keeps every piece that arrived; the next one asks ``RemoteTransport/lacking(_:)``
/// again and sends the rest.
struct PackUploader {
    let repository: Repository
    let transport: any RemoteTransport
    let options: PushOptions

    /// Uploads `keys` in order; returns what the transport reported.
    func upload(_ keys: [ObjectKey]) async throws -> TransferProgress {
        guard !keys.isEmpty else { return TransferProgress() }
        let monitor = TransferMonitor(progress: options.progress, phase: "Writing objects")
        defer { monitor.done() }
        let expected = keys.reduce(0) { sum, key in
            sum + (repository.objects.location(of: key.id, kind: key.kind)?.storedLength ?? 0)
                + TransferMonitor.entryHeaderSize
        }
        monitor.expect(bytes: expected)
        let jobs = max(1, options.jobs)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            var index = 0
            while index < keys.count {
                let piece = try writePiece(keys, from: &index)
                if inFlight == jobs {
                    try await group.next()
                    inFlight -= 1
                }
                let callback = monitor.transfer()
                group.addTask {
                    defer {
                        try? FileManager.default.removeItem(at: piece.url)
                        InterruptCleanup.shared.remove(piece.url.path)
                    }
                    try await transport.upload(piece, progress: callback)
                }
                inFlight += 1
            }
            try await group.waitForAll()
        }
        return monitor.moved
    }

    /// Writes the objects from `keys[index...]` to a new pack stream file until it passes the piece size.
    private func writePiece(_ keys: [ObjectKey], from index: inout Int) throws -> PackStreamFile {
        let url = repository.layout.tmp.appendingPathComponent("push-\(UUID().uuidString).pack")
        InterruptCleanup.shared.insert(url.path)
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let output = FileHandle(forWritingAtPath: url.path)
        else {
            throw RemoteError(.invalidArgument, "cannot create '\(url.path)' for a pack stream")
        }
        defer { try? output.close() }
        var encoder = PackStreamEncoder()
        var buffer = encoder.header()
        do {
            while index < keys.count, encoder.byteCount < options.pieceSize {
                let key = keys[index]
                buffer += encoder.entry(try repository.objects.readStored(key.id, kind: key.kind))
                index += 1
                if buffer.count >= 1 << 20 {
                    try output.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            buffer += encoder.trailer()
            try output.write(contentsOf: buffer)
        } catch {
            try? FileManager.default.removeItem(at: url)
            InterruptCleanup.shared.remove(url.path)
            throw error
        }
        return PackStreamFile(url: url, objectCount: encoder.objectCount, byteCount: encoder.byteCount)
    }
}
