import Foundation
import MLVObjects
import MLVRepository
import MLVStorage

/// Downloads the objects behind some tips in rounds, kind by kind (docs/PROTOCOL.md §3.3).
struct ObjectFetcher {
    let repository: Repository
    let transport: any RemoteTransport
    let jobs: Int
    let batchSize: Int
    /// Repository paths whose manifests and chunks are fetched; empty means all.
    let include: [String]
    let monitor: TransferMonitor

    /// Fetches everything reachable from `tips` that is not here (see ``Repository/fetch``).
    mutating func fetchClosure(of tips: [ObjectID]) async throws {
        let objects = repository.objects
        let metadata = try objects.makeWriter()
        do {
            var commits: [ObjectID] = []
            var tags: [ObjectID] = []
            // A ref names a commit or an annotated tag; one `lacking` call tells them apart.
            var unknown: [ObjectID] = []
            var seenTips = Set<ObjectID>()
            for tip in tips where !objects.contains(tip, kind: .commit) && !objects.contains(tip, kind: .tag) {
                if seenTips.insert(tip).inserted { unknown.append(tip) }
            }
            if !unknown.isEmpty {
                let notTags = Set(try await transport.lacking(unknown.map { ObjectKey($0, .tag) }).map(\.id))
                for tip in unknown {
                    if notTags.contains(tip) { commits.append(tip) } else { tags.append(tip) }
                }
            }
            while !tags.isEmpty {
                try await download(tags.map { ObjectKey($0, .tag) }, into: metadata, commitEachBatch: false)
                var next: [ObjectID] = []
                for id in tags {
                    let tag = try repository.tagObject(id)
                    if tag.objectKind == .tag, !objects.contains(tag.object, kind: .tag) { next.append(tag.object) }
                    if tag.objectKind == .commit, !objects.contains(tag.object, kind: .commit) {
                        commits.append(tag.object)
                    }
                }
                tags = next
            }
            var trees: [(id: ObjectID, path: String)] = []
            var files: [ObjectID] = []
            var seen = Set<ObjectID>()
            commits = commits.filter { seen.insert($0).inserted }
            while !commits.isEmpty {
                try await download(commits.map { ObjectKey($0, .commit) }, into: metadata, commitEachBatch: false)
                var parents: [ObjectID] = []
                for id in commits {
                    let commit = try repository.commit(id)
                    if !objects.contains(commit.tree, kind: .tree) { trees.append((commit.tree, "")) }
                    if let run = commit.runRecord, !objects.contains(run, kind: .file) { files.append(run) }
                    for parent in commit.parents where !objects.contains(parent, kind: .commit) {
                        if seen.insert(parent).inserted { parents.append(parent) }
                    }
                }
                commits = parents
            }
            var seenTrees = Set<ObjectID>()
            var seenFiles = Set(files)
            while !trees.isEmpty {
                trees = trees.filter { seenTrees.insert($0.id).inserted }
                try await download(trees.map { ObjectKey($0.id, .tree) }, into: metadata, commitEachBatch: false)
                var children: [(id: ObjectID, path: String)] = []
                for (id, path) in trees {
                    for entry in try repository.tree(id).entries {
                        let child = path.isEmpty ? entry.name : path + "/" + entry.name
                        if entry.mode == .directory {
                            if !objects.contains(entry.id, kind: .tree) { children.append((entry.id, child)) }
                        } else if includes(child), !objects.contains(entry.id, kind: .file),
                            seenFiles.insert(entry.id).inserted
                        {
                            files.append(entry.id)
                        }
                    }
                }
                trees = children
            }
            try await download(files.map { ObjectKey($0, .file) }, into: metadata, commitEachBatch: false)
            try await fetchChunks(of: files)
            try metadata.commit()
        } catch {
            metadata.abort()
            throw error
        }
    }

    /// Downloads the chunks of `files` (whose manifests are here) that are not here, committing
    /// batch by batch so that an interrupted fetch keeps them.
    func fetchChunks(of files: [ObjectID]) async throws {
        let objects = repository.objects
        var chunks: [ObjectKey] = []
        var seen = Set<ObjectID>()
        for id in files {
            for chunk in try repository.manifest(id).chunks
            where !objects.contains(chunk.id, kind: .chunk) && seen.insert(chunk.id).inserted {
                chunks.append(ObjectKey(chunk.id, .chunk))
            }
        }
        try await download(chunks, into: try objects.makeWriter(), commitEachBatch: true)
    }

    /// Downloads `keys` in batches, `jobs` at a time, storing each object through `writer`.
    ///
    /// - Parameter commitEachBatch: commit the writer after each round of batches, so an
    ///   interrupted transfer keeps them.
    func download(_ keys: [ObjectKey], into writer: ObjectWriter, commitEachBatch: Bool) async throws {
        guard !keys.isEmpty else { return }
        let batches = stride(from: 0, to: keys.count, by: max(1, batchSize)).map {
            Array(keys[$0..<min(keys.count, $0 + max(1, batchSize))])
        }
        let source = transport.location
        for round in stride(from: 0, to: batches.count, by: max(1, jobs)) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for batch in batches[round..<min(batches.count, round + max(1, jobs))] {
                    let callback = monitor.transfer()
                    group.addTask { [transport] in
                        try await transport.download(
                            batch, receive: { object in try writer.putStored(object, source: source) },
                            progress: callback)
                    }
                }
                try await group.waitForAll()
            }
            if commitEachBatch { try writer.commit() }
        }
    }

    /// Whether a file at `path` is fetched: everything without `include`, else paths under one.
    func includes(_ path: String) -> Bool {
        include.isEmpty || include.contains { path == $0 || path.hasPrefix($0 + "/") }
    }
}
