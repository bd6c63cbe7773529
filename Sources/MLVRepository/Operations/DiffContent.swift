import Foundation
import MLVObjects
import MLVStorage

/// Which two states `mlv diff` compares (git's forms).
public enum DiffSides: Sendable, Equatable {
    /// The worktree against the index: changes not staged yet (`mlv diff`).
    case worktreeAgainstIndex
    /// The index against HEAD: what the next commit records (`mlv diff --staged`).
    case indexAgainstHead
    /// The worktree against a commit (`mlv diff <rev>`).
    case worktreeAgainst(ObjectID)
    /// One commit against another (`mlv diff <a> <b>`, `mlv diff a..b`).
    case commits(ObjectID, ObjectID)
    /// One tree against another; nil is the empty tree (`mlv show` of a root commit).
    case trees(ObjectID?, ObjectID)
}

/// Where one side of a changed file's content lives.
public enum ContentSource: Sendable, Equatable {
    /// A stored file (manifest) id.
    case stored(ObjectID)
    /// The file in the worktree (its id was computed by hashing, not stored).
    case worktree(RepoPath)
    /// The file does not exist on this side.
    case absent
}

extension Repository {
    /// The files that differ between the two sides, limited to `paths` (a path names a file or
    /// everything under a folder), sorted by path.
    public func changedFiles(_ sides: DiffSides, paths: [RepoPath] = [.root]) throws -> [TreeChange] {
        let changes: [TreeChange]
        switch sides {
        case .worktreeAgainstIndex: changes = try status(paths: paths).unstaged
        case .indexAgainstHead: changes = try status(paths: paths).staged
        case .worktreeAgainst(let commit): changes = try diffWorktree(against: commit)
        case .commits(let a, let b): changes = try diffTrees(commit(a).tree, commit(b).tree)
        case .trees(let a, let b): changes = try diffTrees(a, b)
        }
        return changes.filter { change in paths.contains { change.path.isWithin($0) } }
    }

    /// Where the old and new content of `change` are, for the given sides.
    public func sources(of change: TreeChange, _ sides: DiffSides) -> (old: ContentSource, new: ContentSource) {
        let old: ContentSource = change.oldID.map { .stored($0) } ?? .absent
        guard change.newID != nil else { return (old, .absent) }
        switch sides {
        case .worktreeAgainstIndex, .worktreeAgainst: return (old, .worktree(change.path))
        case .indexAgainstHead, .commits, .trees: return (old, change.newID.map { .stored($0) } ?? .absent)
        }
    }

    /// The whole content of one side (empty when absent).
    /// - Complexity: O(file size) in time and memory.
    public func content(_ source: ContentSource) throws -> [UInt8] {
        switch source {
        case .absent:
            return []
        case .stored(let id):
            // Chunks are read and decompressed in batches on all cores, then joined in order.
            let manifest = try manifest(id)
            let objects = self.objects
            let batches = stride(from: 0, to: manifest.chunks.count, by: 64).map {
                Array(manifest.chunks[$0..<Swift.min($0 + 64, manifest.chunks.count)])
            }
            let parts = try batches.parallelMap { batch in
                var bytes: [UInt8] = []
                for chunk in batch { bytes += try objects.read(chunk.id, kind: .chunk) }
                return bytes
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(manifest.size))
            for part in parts { bytes += part }
            return bytes
        case .worktree(let path):
            let url = layout.worktreeURL(path)
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) {
                return Array(target.utf8)
            }
            let reader = try FileReader(path: url.path)
            return try reader.read(upTo: Int(try reader.size()), at: 0)
        }
    }

    /// The chunk list of one side, for the chunk-overlap (binary) diff; nil when it has none
    /// stored (absent, or a worktree file, whose chunks are computed on demand).
    public func storedManifest(_ source: ContentSource) throws -> FileManifest? {
        guard case .stored(let id) = source else { return nil }
        return try manifest(id)
    }
}
