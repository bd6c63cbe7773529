import Foundation
import MLVRepository
import MLVStorage

/// A git worktree with mlv beside it: the mlv repository lives at the git root (`.mlv/`, ignored
/// by git), tracked paths are declared in `.mlvattributes`, and `mlv.lock` ties the two
/// (docs/GIT.md).
public struct GitWorkspace: Sendable {
    public let git: GitRepository
    public let repository: Repository
    /// The process environment, for remote credentials (`MLV_TOKEN`, `AWS_*`) when hooks fetch
    /// or push data; the CLI sets it (the library reads no environment of its own).
    public var environment: [String: String] = [:]

    public init(git: GitRepository, repository: Repository) {
        self.git = git
        self.repository = repository
    }

    /// The workspace around `directory`: the git worktree containing it and the mlv repository
    /// at its root, created (as `mlv init` does) when `creating` and missing.
    /// - Throws: `.notAGitRepository` outside git; RepositoryError when there is no mlv
    ///   repository and `creating` is false.
    public static func open(from directory: URL, creating: Bool = false) throws -> GitWorkspace {
        try open(git: GitRepository.discover(from: directory), creating: creating)
    }

    /// The workspace of a git worktree already found, as ``open(from:creating:)``.
    public static func open(git: GitRepository, creating: Bool = false) throws -> GitWorkspace {
        guard creating else { return GitWorkspace(git: git, repository: try Repository(root: git.root)) }
        // A new mlv repository starts on git's branch, so the two keep the same names.
        var options = InitOptions()
        if let branch = try git.currentBranch(), RefName.branch(branch) != nil { options.initialBranch = branch }
        return GitWorkspace(git: git, repository: try Repository.initialize(at: git.root, options: options).repository)
    }

    /// The workspace for an mlv repository whose worktree root is also a git worktree's root,
    /// or nil when it is not inside git or declares no tracked paths (plain mlv use).
    public static func enclosing(_ repository: Repository) -> GitWorkspace? {
        guard repository.attributes().hasTrackPatterns || hasLock(at: repository.layout.root) else { return nil }
        guard let git = try? GitRepository.discover(from: repository.layout.root),
            git.root.standardizedFileURL.resolvingSymlinksInPath().path
                == repository.layout.root.standardizedFileURL.resolvingSymlinksInPath().path
        else { return nil }
        return GitWorkspace(git: git, repository: repository)
    }

    /// The workspace for an mlv repository whose worktree root is a git worktree's root,
    /// whatever it tracks (filter mode declares nothing), or nil outside git.
    public static func enclosingAny(_ repository: Repository) -> GitWorkspace? {
        let root = repository.layout.root
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path),
            let git = try? GitRepository.discover(from: root),
            git.root.standardizedFileURL.resolvingSymlinksInPath().path
                == root.standardizedFileURL.resolvingSymlinksInPath().path
        else { return nil }
        return GitWorkspace(git: git, repository: repository)
    }

    private static func hasLock(at root: URL) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(DataLock.fileName).path)
    }

    /// `mlv.lock` at the git root.
    public var lockURL: URL { git.root.appendingPathComponent(DataLock.fileName) }

    /// The worktree's `mlv.lock`, or nil when there is none.
    public func worktreeLock() throws -> DataLock? {
        guard let data = FileManager.default.contents(atPath: lockURL.path) else { return nil }
        return try DataLock(parsing: String(decoding: data, as: UTF8.self), source: DataLock.fileName)
    }

    /// The lock describing mlv's HEAD commit, or nil before the first commit.
    public func lockForHead() throws -> DataLock? {
        guard let commit = try repository.head().commitID else { return nil }
        let files = try repository.files(ofTree: repository.commit(commit).tree)
        return DataLock(commit: commit, entries: files.map { DataLock.Entry(path: $0.path, id: $0.id, size: $0.size) })
    }

    /// Rewrites `mlv.lock` for mlv's HEAD (temp file + rename); returns the lock, or nil when
    /// mlv has no commit yet. The file is left untouched when its content is already right.
    @discardableResult
    public func writeLock() throws -> DataLock? {
        guard let lock = try lockForHead() else { return nil }
        let bytes = Array(lock.serialized().utf8)
        if let current = FileManager.default.contents(atPath: lockURL.path), [UInt8](current) == bytes { return lock }
        do {
            try AtomicFile.write(bytes, to: lockURL, temporaryDirectory: repository.layout.tmp)
        } catch {
            throw GitError(.io, "cannot write '\(lockURL.path)': \(error.message)", underlying: error)
        }
        return lock
    }

    /// The files the worktree's tracked data differ in from `lock` (new, changed or deleted),
    /// sorted; all tracked files when there is no lock.
    /// - Complexity: one `lstat` per tracked file; files whose stat changed are hashed.
    public func changedPaths(since lock: DataLock?) throws -> [RepoPath] {
        // One status: the index's ids with unstaged edits applied (as trackedWorktreeFiles,
        // without hashing changed files a second time), plus untracked files.
        let status = try repository.status()
        var current: [RepoPath: ObjectID] = [:]
        for entry in try repository.readIndex().entries where entry.stage == 0 { current[entry.path] = entry.id }
        for change in status.unstaged {
            current[change.path] = change.kind == .deleted ? nil : change.newID ?? current[change.path]
        }
        var changed = Set(status.untracked)
        let locked = Dictionary(uniqueKeysWithValues: (lock?.entries ?? []).map { ($0.path, $0.id) })
        for (path, id) in current where locked[path] != id { changed.insert(path) }
        for path in locked.keys where current[path] == nil { changed.insert(path) }
        return changed.sorted()
    }
}
