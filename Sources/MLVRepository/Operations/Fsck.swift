import Foundation
import MLVObjects
import MLVStorage

public struct FsckReport: Sendable {
    /// Problems found, one line each, naming the object, ref or pack.
    public var problems: [String] = []
    /// Reachable objects checked.
    public var objectsChecked = 0
    /// Leftovers that gc removes (packs without an index); not damage.
    public var garbage: [String] = []
    /// In a partial clone: objects of left-out files that are on the remote, not here; not damage.
    public var leftOnRemote = 0
    public var isClean: Bool { problems.isEmpty }
}

extension Repository {
    /// Ids that keep objects alive: refs, HEAD, reflogs, ORIG_HEAD, MERGE_HEAD (commits or tags),
    /// plus the index's files.
    func roots(problems: inout [String]) throws -> (commitsOrTags: [ObjectID], files: [(ObjectID, RepoPath?)]) {
        var ids: [ObjectID] = []
        for prefix in ["refs/"] {
            for (_, id) in try refs.list(prefix: prefix) { ids.append(id) }
        }
        do {
            if let id = try refs.resolve(.head).id { ids.append(id) }
        } catch {
            problems.append("HEAD: \(error)")
        }
        if let walker = FileManager.default.enumerator(atPath: layout.logs.path) {
            for case let relative as String in walker {
                for entry in Reflog.read(layout.logs.appendingPathComponent(relative)) {
                    ids += [entry.old, entry.new].filter { $0 != .zero }
                }
            }
        }
        for url in [layout.origHead, layout.mergeHead] {
            if let text = try? String(contentsOf: url, encoding: .utf8),
                let id = ObjectID(hex: text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                ids.append(id)
            }
        }
        var files: [(ObjectID, RepoPath?)] = []
        do {
            files = try readIndex().entries.map { ($0.id, $0.path) }
        } catch {
            problems.append("\(error)")
        }
        return (ids, files)
    }

    /// Walks every object reachable from the roots, checking that each exists and decodes.
    /// `extra` roots the store lacks are skipped, not reported.
    ///
    /// In a partial clone, a missing manifest or chunk of a file that is reachable only under
    /// left-out paths is counted in `leftOut` (it is on the remote), not reported as a problem.
    func reachableObjects(problems: inout [String], extra: GCRoots = GCRoots()) throws -> Set<ObjectKey> {
        var leftOut = 0
        return try reachableObjects(problems: &problems, leftOut: &leftOut, extra: extra)
    }

    func reachableObjects(problems: inout [String], leftOut: inout Int, extra: GCRoots = GCRoots()) throws
        -> Set<ObjectKey>
    {
        let roots = try roots(problems: &problems)
        let partial = partialClone
        var seen: Set<ObjectKey> = []
        var commits: [ObjectID] = extra.commits.filter { objects.contains($0, kind: .commit) }
        var trees: [(ObjectID, RepoPath)] = []
        var files: [(ObjectID, RepoPath?)] =
            roots.files + extra.files.filter { objects.contains($0, kind: .file) }.map { ($0, nil) }
        for id in roots.commitsOrTags {
            if objects.contains(id, kind: .tag) {
                seen.insert(ObjectKey(id, .tag))
                do {
                    let tag = try tagObject(id)
                    commits.append(tag.object)
                } catch { problems.append("\(error)") }
            } else {
                commits.append(id)
            }
        }
        while let id = commits.popLast() {
            guard seen.insert(ObjectKey(id, .commit)).inserted else { continue }
            do {
                let commit = try self.commit(id)
                trees.append((commit.tree, .root))
                commits += commit.parents
                // The run bundle a commit names (`mlv run --commit`) is a file it keeps alive.
                if let run = commit.runRecord { files.append((run, nil)) }
            } catch {
                problems.append("commit \(id): \(error)")
            }
        }
        while let (id, path) = trees.popLast() {
            guard seen.insert(ObjectKey(id, .tree)).inserted else { continue }
            do {
                for entry in try tree(id).entries {
                    let child = path.appending(entry.name)
                    if entry.mode == .directory {
                        trees.append((entry.id, child))
                    } else {
                        files.append((entry.id, child))
                    }
                }
            } catch {
                problems.append("tree \(id): \(error)")
            }
        }
        // Files only under left-out paths may lack objects; a file also under an included path
        // (or named by a ref's run record) may not.
        var needed = Set<ObjectID>()
        for (id, path) in files where !(path.map { partial?.excludes($0) ?? false } ?? false) { needed.insert(id) }
        for (id, _) in files {
            guard seen.insert(ObjectKey(id, .file)).inserted else { continue }
            let mayBeLeftOut = partial != nil && !needed.contains(id)
            if mayBeLeftOut && !objects.contains(id, kind: .file) {
                leftOut += 1
                continue
            }
            do {
                for chunk in try manifest(id).chunks {
                    let key = ObjectKey(chunk.id, .chunk)
                    guard seen.insert(key).inserted else { continue }
                    if !objects.contains(chunk.id, kind: .chunk) {
                        if mayBeLeftOut {
                            leftOut += 1
                        } else {
                            problems.append("missing chunk \(chunk.id) of file \(id)")
                        }
                    }
                }
            } catch {
                problems.append("file \(id): \(error)")
            }
        }
        return seen
    }

    /// Checks the object store and that everything reachable is present and valid.
    public func fsck(progress: any Progress = SilentProgress()) throws -> FsckReport {
        var report = FsckReport()
        let storage = objects.verify { step in
            progress.update("checking objects", completed: step.objectsChecked, total: nil, unit: .items)
        }
        progress.done("checking objects")
        report.problems += storage.problems.map(\.description)
        report.garbage = storage.garbage
        let reachable = try reachableObjects(problems: &report.problems, leftOut: &report.leftOnRemote)
        report.objectsChecked = reachable.count
        return report
    }
}
