import Foundation
import MLVObjects
import MLVRepository
import MLVStorage

/// The author every test uses: fixed name, email and date, so ids are repeatable.
public enum TestIdentity {
    public static let environment: [String: String] = [
        "MLV_AUTHOR_NAME": "Test User",
        "MLV_AUTHOR_EMAIL": "test@example.com",
        "MLV_AUTHOR_DATE": "1700000000 +0000",
    ]

    /// An identity that never reads the clock or git's config.
    public static let identity = Identity(environment: environment, now: { 1_700_000_000 })
}

/// A fresh repository in its own temporary folder, removed when the value goes away, with
/// helpers to write files and to add and commit them as ``TestIdentity``.
public final class TempRepository: Sendable {
    public let directory: TempDirectory
    public let repository: Repository

    /// `mlv init` in a new temporary folder.
    public init(initialBranch: String = "main") throws {
        directory = try TempDirectory(prefix: "repo")
        var options = InitOptions()
        options.initialBranch = initialBranch
        repository = try Repository.initialize(at: directory.url, options: options).repository
    }

    public var root: URL { directory.url }
    public var layout: RepositoryLayout { repository.layout }
    public var identity: Identity { TestIdentity.identity }

    /// The repository opened again from disk (picks up config changes made since).
    public func reopened(tolerateDamage: Bool = false) throws -> Repository {
        try Repository(root: root, tolerateDamage: tolerateDamage)
    }

    /// The worktree URL of a repository-relative path.
    public func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Writes bytes to a worktree file, creating its folders.
    public func write(_ path: String, _ bytes: [UInt8]) throws {
        let url = url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Writes UTF-8 text to a worktree file, creating its folders.
    public func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }

    /// The bytes of a worktree file.
    public func read(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(path))) }

    /// The text of a worktree file.
    public func readText(_ path: String) throws -> String { String(decoding: try read(path), as: UTF8.self) }

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }

    /// Deletes a worktree file or folder.
    public func delete(_ path: String) throws { try FileManager.default.removeItem(at: url(path)) }

    /// A validated repository path (fails the caller with a thrown error when invalid).
    public func path(_ text: String) throws -> RepoPath {
        guard let path = RepoPath(text) else { throw TestSupportError("'\(text)' is not a valid repository path") }
        return path
    }

    /// `mlv add <paths>` (everything when empty).
    @discardableResult
    public func add(_ paths: String...) throws -> AddResult {
        let repoPaths = paths.isEmpty ? [RepoPath.root] : try paths.map { try path($0) }
        return try repository.add(AddOptions(paths: repoPaths))
    }

    /// `mlv commit -m <message>` as the test identity.
    @discardableResult
    public func commit(_ message: String, all: Bool = false, allowEmpty: Bool = false) throws -> CommitResult {
        var options = CommitOptions(message: message, identity: identity)
        options.all = all
        options.allowEmpty = allowEmpty
        return try repository.commit(options)
    }

    /// Writes the files, adds everything and commits; returns the new commit id.
    @discardableResult
    public func commitFiles(_ files: [String: String], message: String) throws -> ObjectID {
        for (path, text) in files.sorted(by: { $0.key < $1.key }) { try write(path, text) }
        try add()
        return try commit(message).id
    }

    /// The commit HEAD points at, or nil on an unborn branch.
    public func headID() throws -> ObjectID? { try repository.head().commitID }

    /// The full content of `path` at `revision`, read through the streaming API.
    public func cat(_ revision: String, _ path: String) throws -> [UInt8] {
        var out = [UInt8]()
        try repository.readFile(revision, path: try self.path(path)) { out += $0 }
        return out
    }

    /// The pack files (`.pack`) under `.mlv/objects/pack`, sorted by name.
    public func packFiles() throws -> [URL] {
        let dir = layout.objects.appendingPathComponent("pack")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            .filter { $0.hasSuffix(".pack") }.map { dir.appendingPathComponent($0) }
    }
}

/// A failure inside the test helpers themselves (missing binary, bad fixture).
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
