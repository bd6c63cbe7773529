import Foundation
import MLVObjects
import MLVRepository
import MLVStorage

/// The objects a push may have to send: everything reachable from the pushed tips and not from
/// commits the remote is known to have (docs/PROTOCOL.md §3.2).
///
/// Commits reachable from a "have" are skipped; trees and files that a have's tree already holds
/// are skipped without being read. What is left is a superset of what the remote lacks, which
/// ``RemoteTransport/lacking(_:)`` narrows down: chunks shared with other files are asked about
/// rather than walked.
struct PushWalk {
    let repository: Repository

    /// Keys to offer, leaves first: chunks, then file manifests, trees, commits and tags, so that
    /// a remote that received part of them holds whole subtrees rather than dangling parents.
    func candidates(tips: [ObjectID], haves: [ObjectID]) throws -> [ObjectKey] {
        let objects = repository.objects
        var tags: [ObjectKey] = []
        var tipCommits: [ObjectID] = []
        for tip in tips {
            if objects.contains(tip, kind: .tag) {
                tags.append(ObjectKey(tip, .tag))
                tipCommits.append(try repository.tagObject(tip).object)
            } else {
                tipCommits.append(tip)
            }
        }
        var haveCommits: [ObjectID] = []
        for have in haves {
            if objects.contains(have, kind: .tag) {
                haveCommits.append(try repository.tagObject(have).object)
            } else if objects.contains(have, kind: .commit) {
                haveCommits.append(have)
            }
        }
        let known = try ancestors(of: haveCommits)
        // The new commits, and the known commits they sit on (whose trees the remote holds).
        var newCommits: [ObjectID] = []
        var boundary = Set(haveCommits)
        var stack = tipCommits
        var visited = Set<ObjectID>()
        while let id = stack.popLast() {
            if known.contains(id) {
                boundary.insert(id)
                continue
            }
            guard visited.insert(id).inserted else { continue }
            newCommits.append(id)
            stack += try repository.commit(id).parents
        }
        var knownTrees = Set<ObjectID>()
        var knownFiles = Set<ObjectID>()
        for id in boundary.sorted(by: { $0.description < $1.description }) {
            try collectTree(try repository.commit(id).tree, trees: &knownTrees, files: &knownFiles)
        }
        var trees: [ObjectID] = []
        var files: [ObjectID] = []
        var treeSet = knownTrees
        var fileSet = knownFiles
        var pendingTrees: [ObjectID] = []
        for id in newCommits {
            let commit = try repository.commit(id)
            pendingTrees.append(commit.tree)
            if let run = commit.runRecord, fileSet.insert(run).inserted { files.append(run) }
        }
        while let id = pendingTrees.popLast() {
            guard treeSet.insert(id).inserted else { continue }
            trees.append(id)
            for entry in try repository.tree(id).entries {
                if entry.mode == .directory {
                    pendingTrees.append(entry.id)
                } else if fileSet.insert(entry.id).inserted {
                    files.append(entry.id)
                }
            }
        }
        var chunks: [ObjectID] = []
        var chunkSet = Set<ObjectID>()
        for id in files {
            for chunk in try repository.manifest(id).chunks where chunkSet.insert(chunk.id).inserted {
                chunks.append(chunk.id)
            }
        }
        return chunks.map { ObjectKey($0, .chunk) } + files.map { ObjectKey($0, .file) }
            + trees.map { ObjectKey($0, .tree) } + newCommits.reversed().map { ObjectKey($0, .commit) } + tags
    }

    private func ancestors(of starts: [ObjectID]) throws -> Set<ObjectID> {
        var result = Set<ObjectID>()
        var stack = starts
        while let id = stack.popLast() {
            guard result.insert(id).inserted else { continue }
            stack += try repository.commit(id).parents
        }
        return result
    }

    private func collectTree(_ id: ObjectID, trees: inout Set<ObjectID>, files: inout Set<ObjectID>) throws {
        guard trees.insert(id).inserted else { return }
        for entry in try repository.tree(id).entries {
            if entry.mode == .directory {
                try collectTree(entry.id, trees: &trees, files: &files)
            } else {
                files.insert(entry.id)
            }
        }
    }
}
