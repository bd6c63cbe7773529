import MLVRepository
import MLVStorage

/// A sorted list of (path, file id) answering "which files are at or under this path": the
/// `fileIDs` closure of ``StageFingerprint`` and the inputs and outputs of a ``RunRecord``, from
/// a commit's tree (`Repository.files(ofTree:)`) or the worktree (`trackedWorktreeFiles()`).
public struct FileIDIndex: Sendable, Equatable {
    /// The files, sorted by path bytes, one entry per path.
    public private(set) var files: [(path: RepoPath, id: ObjectID)]

    /// Indexes `files`; when a path appears twice the last entry wins.
    ///
    /// - Complexity: O(n log n).
    public init(_ files: some Sequence<(RepoPath, ObjectID)>) {
        var byPath: [RepoPath: ObjectID] = [:]
        for (path, id) in files { byPath[path] = id }
        self.files = byPath.keys.sorted().compactMap { path in byPath[path].map { (path, $0) } }
    }

    /// Indexes the files of a tree or of the worktree.
    public init(_ files: [TreeFile]) {
        self.init(files.map { ($0.path, $0.id) })
    }

    public static func == (lhs: FileIDIndex, rhs: FileIDIndex) -> Bool {
        lhs.files.count == rhs.files.count && zip(lhs.files, rhs.files).allSatisfy { $0 == $1 }
    }

    /// The file at `path` itself, or every file below the folder `path`, sorted by path; empty
    /// when there is none. The root gives every file.
    ///
    /// - Complexity: O(log n + k) for k files returned.
    public func files(under path: RepoPath) -> [(RepoPath, ObjectID)] {
        if path.isRoot { return files.map { ($0.path, $0.id) } }
        var result: [(RepoPath, ObjectID)] = []
        let exact = lowerBound(path.rawValue)
        if exact < files.count, files[exact].path == path { result.append((path, files[exact].id)) }
        // Paths below `path` share the prefix `path/`, so they are contiguous in byte order.
        let prefix = path.rawValue + "/"
        var index = lowerBound(prefix)
        while index < files.count, files[index].path.rawValue.utf8.starts(with: prefix.utf8) {
            result.append((files[index].path, files[index].id))
            index += 1
        }
        return result
    }

    /// Every file at or under any of `paths`, as path → id (for ``RunRecord/inputs`` and
    /// ``RunRecord/outputs``).
    public func ids(under paths: [RepoPath]) -> [RepoPath: ObjectID] {
        var ids: [RepoPath: ObjectID] = [:]
        for path in paths {
            for (file, id) in files(under: path) { ids[file] = id }
        }
        return ids
    }

    /// The first index whose path is not below `text` in byte order.
    private func lowerBound(_ text: String) -> Int {
        var low = 0
        var high = files.count
        while low < high {
            let middle = (low + high) / 2
            if files[middle].path.rawValue.utf8.lexicographicallyPrecedes(text.utf8) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
