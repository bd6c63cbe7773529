import Foundation
import MLVRepository
import MLVStorage

extension GitWorkspace {
    /// The mlv objects git still names, for `mlv gc` to keep (docs/GIT.md, "Garbage collection"):
    ///
    /// - the commits named by every `mlv.lock` in git's history (`git rev-list --all --reflog
    ///   --objects`, so stashes and reflogs count), in git's index and in the worktree;
    /// - the files named by every filter pointer among git's objects: each blob of at most 200
    ///   bytes in the object database (`git cat-file --batch-all-objects`) that parses as a
    ///   pointer, reachable or not, so pointers only staged are kept too.
    ///
    /// - Complexity: one pass over git's object list; only blobs named mlv.lock and small blobs
    ///   are read.
    public func gitRoots() throws -> GCRoots {
        var roots = GCRoots()
        var lockBlobs: Set<String> = []
        let listing = String(decoding: try git.run(["rev-list", "--all", "--reflog", "--objects"]), as: UTF8.self)
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2 else { continue }
            if fields[1] == DataLock.fileName || fields[1].hasSuffix("/" + DataLock.fileName) {
                lockBlobs.insert(String(fields[0]))
            }
        }
        let staged = try git.runAllowingFailure(["rev-parse", "--verify", "--quiet", ":\(DataLock.fileName)"])
        if staged.status == 0 { lockBlobs.insert(staged.text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let checks = try git.run([
            "cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype) %(objectsize)",
        ])
        var small: [String] = []
        for line in String(decoding: checks, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[1] == "blob", let size = Int(fields[2]), size <= Pointer.maximumLength,
                size >= Pointer.prefix.count
            else { continue }
            small.append(String(fields[0]))
        }
        for (name, bytes) in try readBlobs(Array(lockBlobs).sorted()) {
            if let lock = try? DataLock(parsing: String(decoding: bytes, as: UTF8.self), source: name) {
                roots.commits.append(lock.commit)
                roots.files += lock.entries.map(\.id)
            }
        }
        if let lock = try? worktreeLock() {
            roots.commits.append(lock.commit)
            roots.files += lock.entries.map(\.id)
        }
        for (name, bytes) in try readBlobs(small) where Pointer.looksLikePointer(bytes) {
            if let pointer = try? Pointer(decoding: bytes, path: name) { roots.files.append(pointer.file) }
        }
        return roots
    }

    /// The contents of git blobs through one `git cat-file --batch`.
    private func readBlobs(_ names: [String]) throws -> [(String, [UInt8])] {
        guard !names.isEmpty else { return [] }
        let output = try git.run(["cat-file", "--batch"], input: Array((names.joined(separator: "\n") + "\n").utf8))
        var blobs: [(String, [UInt8])] = []
        var position = 0
        while position < output.count {
            guard let newline = output[position...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: output[position..<newline], as: UTF8.self).split(separator: " ")
            position = newline + 1
            guard header.count == 3, let size = Int(header[2]) else { continue }
            let end = min(output.count, position + size)
            blobs.append((String(header[0]), Array(output[position..<end])))
            position = end + 1
        }
        return blobs
    }
}
