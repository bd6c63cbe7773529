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
        /// Files that are not ignored, in walk order (not sorted: callers that need an order sort).
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

    private func walk(
        _ folder: RepoPath, rules inherited: IgnoreRules, includeIgnored: Bool, into result: inout Result,
        parallel: Bool = true
    ) {
        var rules = inherited
        var subfolders: [RepoPath] = []
        loadIgnoreFile(in: folder, into: &rules)
        let base = absolutePath(folder)
        let listing = POSIX.withDirectory(base) { names, fd -> [(String, FileStat?)] in
            names.map { ($0, FileStat.of($0, in: fd)) }
        }
        guard let listing else { return }
        for (name, stat) in listing {
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
                    subfolders.append(path)
                } else {
                    walk(path, rules: rules, includeIgnored: includeIgnored, into: &result)
                }
            case .file, .symlink:
                if !includeIgnored, let tracking, !tracking.isTracked(path) { continue }
                result.files.append(WorktreeFile(path: path, stat: stat))
            case .other: result.skipped.append(path.rawValue)
            }
        }
        // The first level with several folders is walked on all cores: the walk is mostly `fstatat` calls,
        // which is where git's preloaded index gains too.
        let inheritedRules = rules
        if subfolders.count == 1, let only = subfolders.first {
            // A single folder (a `data/` root): split further down.
            walk(only, rules: inheritedRules, includeIgnored: includeIgnored, into: &result, parallel: true)
            return
        }
        let parts = try? subfolders.parallelMap { folder -> Result in
            var part = Result(files: [], skipped: [])
            walk(folder, rules: inheritedRules, includeIgnored: includeIgnored, into: &part, parallel: false)
            return part
        }
        for part in parts ?? [] {
            result.files += part.files
            result.skipped += part.skipped
        }
    }
}
