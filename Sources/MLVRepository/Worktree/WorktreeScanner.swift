import Foundation
import MLVObjects

/// One file found in the worktree.
public struct WorktreeFile: Sendable {
    public var path: RepoPath
    public var stat: FileStat
}

/// Lists the worktree's files (regular files and links), honouring `.mlvignore` files.
///
/// `.mlv/` and `.git/` are never listed. Folders that are ignored are not entered. When
/// `.mlvattributes` declares `track=yes` patterns (mlv beside git, docs/GIT.md), only files
/// that match one are listed; every other file counts as ignored.
/// - Complexity: O(files + folders) `lstat` calls; no file is read.
public struct WorktreeScanner: Sendable {
    public let layout: RepositoryLayout
    /// The worktree's attributes when they declare tracked paths; nil lists every file.
    let tracking: Attributes?

    public init(layout: RepositoryLayout) {
        self.layout = layout
        let attributes = Attributes(worktreeRoot: layout.root)
        self.tracking = attributes.hasTrackPatterns ? attributes : nil
    }

    public struct Result: Sendable {
        /// Files that are not ignored, in path order (`RepoPath`'s) under each root scanned.
        public var files: [WorktreeFile]
        /// Names that cannot be stored (for example `.mlv` below the root), for warnings.
        public var skipped: [String]
    }

    /// Scans the folders `under` (the whole worktree by default).
    public func scan(under roots: [RepoPath] = [.root], includeIgnored: Bool = false) -> Result {
        var result = Result(files: [], skipped: [])
        for start in roots {
            var rules = IgnoreRules()
            // Ignore files of the folders above the start apply too.
            var chain: [RepoPath] = [.root]
            for component in start.components.dropLast() { chain.append(chain[chain.count - 1].appending(component)) }
            if !start.isRoot { chain.append(start) }
            for folder in chain.dropLast() where !start.isRoot || folder != start {
                loadIgnoreFile(in: folder, into: &rules)
            }
            guard let stat = FileStat.of(layout.worktreeURL(start).path) else { continue }
            if stat.kind == .directory {
                walk(start, rules: rules, includeIgnored: includeIgnored, into: &result)
            } else if stat.kind == .file || stat.kind == .symlink {
                if !includeIgnored, let tracking, !tracking.isTracked(start) { continue }
                result.files.append(WorktreeFile(path: start, stat: stat))
            }
        }
        return result
    }

    private func loadIgnoreFile(in folder: RepoPath, into rules: inout IgnoreRules) {
        let path = absolutePath(folder) + "/.mlvignore"
        guard FileStat.of(path)?.kind == .file, let data = FileManager.default.contents(atPath: path) else { return }
        rules.add(fileText: String(decoding: data, as: UTF8.self), base: folder)
    }

    private func absolutePath(_ folder: RepoPath) -> String {
        folder.isRoot ? layout.root.path : layout.root.path + "/" + folder.rawValue
    }

    /// The positions of `keys` in bytewise order (``Tree/precedes(_:_:)``).
    ///
    /// Sorts on the first 16 bytes held in two integers, and compares whole names only when those
    /// tie: most names differ early, and the walk sorts every folder it lists.
    static func bytewiseOrder(_ keys: [String]) -> [Int] {
        struct Prefix {
            var high: UInt64 = 0
            var low: UInt64 = 0
            var position: Int
        }
        var prefixes = keys.indices.map { position in
            var prefix = Prefix(position: position)
            // Big-endian, zero-padded: a name that is a prefix of another sorts first, as no name holds NUL.
            for (offset, byte) in keys[position].utf8.prefix(16).enumerated() {
                if offset < 8 {
                    prefix.high |= UInt64(byte) << (56 - 8 * offset)
                } else {
                    prefix.low |= UInt64(byte) << (56 - 8 * (offset - 8))
                }
            }
            return prefix
        }
        prefixes.sort { a, b in
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            return Tree.precedes(keys[a.position], keys[b.position])
        }
        return prefixes.map(\.position)
    }

    private func walk(
        _ folder: RepoPath, rules inherited: IgnoreRules, includeIgnored: Bool, into result: inout Result,
        parallel: Bool = true
    ) {
        var rules = inherited
        loadIgnoreFile(in: folder, into: &rules)
        let base = absolutePath(folder)
        let listing = POSIX.withDirectory(base) { names, fd in (names, names.map { FileStat.of($0, in: fd) }) }
        guard let (names, stats) = listing else { return }
        // A folder sorts as its name followed by `/`: then the walk visits paths in the order
        // `RepoPath` sorts them, and the result needs no sort of its own.
        let keys = names.indices.map { stats[$0]?.kind == .directory ? names[$0] + "/" : names[$0] }
        let order = WorktreeScanner.bytewiseOrder(keys)
        // Folders left to `parallel` walks, with where in `result.files` their files belong.
        var subfolders: [(path: RepoPath, at: Int)] = []
        for position in order {
            let name = names[position]
            let stat = stats[position]
            if name == ".mlv" || name == ".git" { continue }
            guard Tree.isValidName(name) else {
                result.skipped.append(folder.isRoot ? name : folder.rawValue + "/" + name)
                continue
            }
            let path = folder.appending(name)
            guard let stat else { continue }
            let isDirectory = stat.kind == .directory
            if !includeIgnored && rules.isIgnored(path, isDirectory: isDirectory) { continue }
            switch stat.kind {
            case .directory:
                if parallel {
                    subfolders.append((path, result.files.count))
                } else {
                    walk(path, rules: rules, includeIgnored: includeIgnored, into: &result)
                }
            case .file, .symlink:
                if !includeIgnored, let tracking, !tracking.isTracked(path) { continue }
                result.files.append(WorktreeFile(path: path, stat: stat))
            case .other: result.skipped.append(path.rawValue)
            }
        }
        guard !subfolders.isEmpty else { return }
        // The first level with several folders is walked on all cores: the walk is mostly `fstatat` calls,
        // which is where git's preloaded index gains too. A single folder (a `data/` root) splits
        // further down.
        let inheritedRules = rules
        let parts: [Result]
        if subfolders.count == 1 {
            var part = Result(files: [], skipped: [])
            walk(subfolders[0].path, rules: inheritedRules, includeIgnored: includeIgnored, into: &part, parallel: true)
            parts = [part]
        } else {
            parts =
                (try? subfolders.map(\.path).parallelMap { folder -> Result in
                    var part = Result(files: [], skipped: [])
                    walk(folder, rules: inheritedRules, includeIgnored: includeIgnored, into: &part, parallel: false)
                    return part
                }) ?? []
        }
        // Each folder's files go where the folder sorted among this folder's files (and this
        // folder's own files stay, whatever became of the walks below).
        var files = Array(result.files[..<subfolders[0].at])
        files.reserveCapacity(result.files.count + parts.reduce(0) { $0 + $1.files.count })
        for number in subfolders.indices {
            let end = number + 1 < subfolders.count ? subfolders[number + 1].at : result.files.count
            if number < parts.count {
                files += parts[number].files
                result.skipped += parts[number].skipped
            }
            files += result.files[subfolders[number].at..<end]
        }
        result.files = files
    }
}
