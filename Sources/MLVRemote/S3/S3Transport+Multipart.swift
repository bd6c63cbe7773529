import Foundation
import MLVStorage

extension S3Transport {
    /// Uploads `file` to `key` as a multipart upload: parts of ``S3Options/partSize`` bytes sent
    /// ``S3Options/jobs`` (at most four) at a time, then completed in part order. On any failure the upload is
    /// aborted (so the store drops the parts) and the error is rethrown; the object appears only
    /// when the completion succeeds.
    ///
    /// - Parameter progress: receives the running total of bytes whose parts were stored.
    func multipartUpload(
        file: URL, size: Int, key: String, progress: @escaping @Sendable (Int) -> Void
    ) async throws {
        let created = try await client.send("POST", key: key, query: [("uploads", "")])
        guard created.status == 200, let uploadID = S3XML.values(of: "UploadId", in: created.body).first else {
            throw client.failure(created, "CreateMultipartUpload", key: key)
        }
        do {
            let partSize = max(1, options.partSize)
            let count = (size + partSize - 1) / partSize
            let handle: FileHandle
            do {
                handle = try FileHandle(forReadingFrom: file)
            } catch {
                throw RemoteError(.invalidArgument, "cannot read '\(file.path)'", underlying: error)
            }
            defer { try? handle.close() }
            var etags = [String](repeating: "", count: count)
            var sent = 0
            try await withThrowingTaskGroup(of: (Int, String, Int).self) { group in
                var next = 0
                func start() throws {
                    guard next < count else { return }
                    let number = next
                    next += 1
                    let offset = number * partSize
                    let length = min(partSize, size - offset)
                    try handle.seek(toOffset: UInt64(offset))
                    guard let bytes = try handle.read(upToCount: length), bytes.count == length else {
                        throw RemoteError(.invalidArgument, "'\(file.path)' changed size during the upload")
                    }
                    group.addTask {
                        let etag = try await self.uploadPart(bytes, number: number + 1, uploadID: uploadID, key: key)
                        return (number, etag, length)
                    }
                }
                // At most four parts in memory: jobs × partSize bytes would be hundreds of MiB.
                for _ in 0..<min(max(1, options.jobs), 4) { try start() }
                while let (number, etag, length) = try await group.next() {
                    etags[number] = etag
                    sent += length
                    progress(sent)
                    try start()
                }
            }
            let parts = etags.enumerated().map { number, etag in
                "<Part><PartNumber>\(number + 1)</PartNumber><ETag>\(S3XML.escape(etag))</ETag></Part>"
            }
            let body = "<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>"
            let completed = try await client.send(
                "POST", key: key, query: [("uploadId", uploadID)], headers: ["Content-Type": "application/xml"],
                body: .bytes(Data(body.utf8)))
            // S3 may answer 200 and still report an error in the body.
            guard completed.status == 200, S3XML.values(of: "Error", in: completed.body).isEmpty,
                completed.errorCode == nil
            else {
                throw client.failure(completed, "CompleteMultipartUpload", key: key)
            }
        } catch {
            _ = try? await client.send("DELETE", key: key, query: [("uploadId", uploadID)])
            throw error
        }
    }

    private func uploadPart(_ bytes: Data, number: Int, uploadID: String, key: String) async throws -> String {
        let response = try await client.send(
            "PUT", key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)], body: .bytes(bytes))
        guard response.status == 200, let etag = response.etag else {
            throw client.failure(response, "UploadPart \(number)", key: key)
        }
        return etag
    }
}
