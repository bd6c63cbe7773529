import Foundation
import MLVStorage

extension S3Transport {
    public func lacking(_ keys: [ObjectKey]) async throws -> [ObjectKey] {
        guard try await checkFormat(creating: false) else { return keys }
        let indexes = try await loadIndexes()
        return keys.filter { key in !indexes.contains { $0.contains(key.id, kind: key.kind) } }
    }

    public func upload(_ pack: PackStreamFile, progress: @escaping @Sendable (TransferProgress) -> Void) async throws {
        let indexed: IndexedPack
        do {
            indexed = try PackIndexWriter.index(packAt: pack.url, source: pack.url.path)
        } catch {
            throw RemoteError(.invalidArgument, "cannot upload pack stream '\(pack.url.path)'", underlying: error)
        }
        guard !indexed.entries.isEmpty else { return }
        _ = try await checkFormat(creating: true)
        let packKey = options.key("packs/\(indexed.packFileName)")
        let indexKey = options.key("packs/\(indexed.indexFileName)")
        // A pack counts once its index exists; an earlier run may have finished the job.
        let existing = try await client.send("HEAD", key: indexKey)
        if existing.status == 200 {
            progress(TransferProgress(objects: indexed.entries.count, bytes: pack.byteCount))
            return
        }
        let size = try fileSize(pack.url)
        if size > options.multipartThreshold {
            try await multipartUpload(file: pack.url, size: size, key: packKey) { bytes in
                progress(TransferProgress(objects: 0, bytes: bytes))
            }
        } else {
            let response = try await client.send("PUT", key: packKey, body: .file(pack.url))
            guard response.status == 200 else { throw client.failure(response, "PUT", key: packKey) }
        }
        progress(TransferProgress(objects: indexed.entries.count, bytes: size))
        let response = try await client.send("PUT", key: indexKey, body: .bytes(Data(indexed.index)))
        guard response.status == 200 else { throw client.failure(response, "PUT", key: indexKey) }
        let index = try PackIndex(data: Data(indexed.index), path: "\(location)/\(indexKey)")
        indexesCache { $0[indexed.checksum] = index }
        storeInCache(indexed.index, checksum: indexed.checksum)
    }

    public func download(
        _ keys: [ObjectKey], receive: @escaping @Sendable (StoredObject) throws -> Void,
        progress: @escaping @Sendable (TransferProgress) -> Void
    ) async throws {
        guard !keys.isEmpty else { return }
        let indexes = try await checkFormat(creating: false) ? try await loadIndexes() : []
        var byPack: [ObjectID: [PackIndex.Entry]] = [:]
        for key in Set(keys).sorted() {
            guard let index = indexes.first(where: { $0.contains(key.id, kind: key.kind) }),
                let entry = try index.lookup(key.id, kind: key.kind)
            else {
                throw RemoteError(.missingObjects, "\(location) lacks \(key)")
            }
            byPack[index.packChecksum, default: []].append(entry)
        }
        let ranges = byPack.keys.sorted().flatMap { pack in
            coalesce(byPack[pack] ?? []).map { (pack: pack, entries: $0) }
        }
        var done = TransferProgress()
        try await withThrowingTaskGroup(of: [StoredObject].self) { group in
            var next = 0
            func start() {
                guard next < ranges.count else { return }
                let range = ranges[next]
                next += 1
                group.addTask { try await self.fetch(range.entries, pack: range.pack) }
            }
            for _ in 0..<max(1, options.jobs) { start() }
            while let objects = try await group.next() {
                for object in objects {
                    try receive(object)
                    done.objects += 1
                    done.bytes += object.bytes.count + PackIndexWriter.packEntryHeaderSize
                }
                progress(done)
                start()
            }
        }
    }

    /// Groups entries sorted by offset into runs fetched with one Range GET each: entries closer
    /// than ``S3Options/coalesceGap`` join a run while it stays under ``S3Options/maxRangeSize``.
    func coalesce(_ entries: [PackIndex.Entry]) -> [[PackIndex.Entry]] {
        var runs: [[PackIndex.Entry]] = []
        var run: [PackIndex.Entry] = []
        for entry in entries.sorted(by: { $0.offset < $1.offset }) {
            if let first = run.first, let last = run.last {
                let lastEnd = last.offset + UInt64(PackIndexWriter.packEntryHeaderSize + last.storedLength)
                let end = entry.offset + UInt64(PackIndexWriter.packEntryHeaderSize + entry.storedLength)
                if entry.offset > lastEnd + UInt64(options.coalesceGap) || end - first.offset > options.maxRangeSize {
                    runs.append(run)
                    run = []
                }
            }
            run.append(entry)
        }
        if !run.isEmpty { runs.append(run) }
        return runs
    }

    /// Downloads one run of entries with a Range GET and cuts it into objects.
    private func fetch(_ entries: [PackIndex.Entry], pack: ObjectID) async throws -> [StoredObject] {
        guard let first = entries.first, let last = entries.last else { return [] }
        let headerSize = PackIndexWriter.packEntryHeaderSize
        let start = first.offset
        let end = last.offset + UInt64(headerSize + last.storedLength)
        let key = options.key("packs/pack-\(pack).pack")
        let response = try await client.send("GET", key: key, headers: ["Range": "bytes=\(start)-\(end - 1)"])
        guard response.status == 206 || response.status == 200 else { throw client.failure(response, "GET", key: key) }
        // A server that ignores Range sends the whole pack (200); read from the right place either way.
        let base = response.status == 200 ? Int(start) : 0
        let body = response.body
        var objects: [StoredObject] = []
        for entry in entries {
            let from = body.startIndex + base + Int(entry.offset - start) + headerSize
            guard from + entry.storedLength <= body.endIndex else {
                throw RemoteError(
                    .protocolViolation, "\(location): pack \(pack.abbreviated) ended before \(entry.kind) \(entry.id)")
            }
            objects.append(
                StoredObject(
                    id: entry.id, kind: entry.kind, codec: entry.codec, rawLength: entry.rawLength,
                    bytes: Array(body[from..<from + entry.storedLength])))
        }
        return objects
    }

    /// Every pack index on the remote: listed, then downloaded (and cached on disk) when not
    /// already known. Packs without an index are not yet part of the remote and are skipped.
    func loadIndexes() async throws -> [PackIndex] {
        let listed = try await listKeys(under: options.key("packs/"))
        var wanted: [ObjectID: String] = [:]
        for (key, _) in listed where key.hasSuffix(".idx") {
            let name = String(key.split(separator: "/").last ?? "")
            if let checksum = PackIndexWriter.packChecksum(fromFileName: name) { wanted[checksum] = key }
        }
        let known = indexesCache { $0 }
        let missing = wanted.filter { known[$0.key] == nil }.sorted { $0.key < $1.key }
        try await withThrowingTaskGroup(of: (ObjectID, PackIndex).self) { group in
            var next = 0
            func start() {
                guard next < missing.count else { return }
                let (checksum, key) = missing[next]
                next += 1
                group.addTask { (checksum, try await self.loadIndex(checksum: checksum, key: key)) }
            }
            for _ in 0..<max(1, options.jobs) { start() }
            while let (checksum, index) = try await group.next() {
                indexesCache { $0[checksum] = index }
                start()
            }
        }
        let all = indexesCache { $0 }
        return wanted.keys.sorted().compactMap { all[$0] }
    }

    /// One index, from the disk cache or the bucket; checked against the pack checksum its name
    /// carries and against its own checksum before it is used or cached.
    private func loadIndex(checksum: ObjectID, key: String) async throws -> PackIndex {
        let name = "pack-\(checksum).idx"
        if let cache = options.cacheDirectory {
            let file = cache.appendingPathComponent(name)
            if let data = try? Data(contentsOf: file), let index = try? PackIndex(data: data, path: file.path),
                index.packChecksum == checksum
            {
                return index
            }
        }
        let response = try await client.send("GET", key: key)
        guard response.status == 200 else { throw client.failure(response, "GET", key: key) }
        let index: PackIndex
        do {
            index = try PackIndex(data: response.body, path: "\(location)/\(key)")
        } catch {
            throw RemoteError(.protocolViolation, "\(location): '\(key)' is not a valid pack index", underlying: error)
        }
        guard index.packChecksum == checksum, index.storedChecksum == index.computedChecksum() else {
            throw RemoteError(.protocolViolation, "\(location): pack index '\(key)' is damaged or misnamed")
        }
        storeInCache([UInt8](response.body), checksum: checksum)
        return index
    }

    /// Keeps a checked index in the disk cache; a failure only costs a download next time.
    private func storeInCache(_ bytes: [UInt8], checksum: ObjectID) {
        guard let cache = options.cacheDirectory else { return }
        try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        try? AtomicFile.write(
            bytes, to: cache.appendingPathComponent("pack-\(checksum).idx"), temporaryDirectory: cache)
    }

    func indexesCache<T>(_ body: (inout [ObjectID: PackIndex]) -> T) -> T {
        indexes.withLock { body(&$0) }
    }

    func fileSize(_ url: URL) throws -> Int {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            return (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw RemoteError(.invalidArgument, "cannot read '\(url.path)'", underlying: error)
        }
    }
}
