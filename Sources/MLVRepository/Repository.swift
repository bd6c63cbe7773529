import Foundation
import MLVObjects
import MLVStorage

/// An open repository: its layout, config, object store and refs. Small on purpose; each
/// operation lives in its own file under `Operations/` as an extension.
public final class Repository: Sendable {
    /// The on-disk format this build reads and writes (docs/FORMAT.md §11).
    public static let formatVersion = 1

    public let layout: RepositoryLayout
    public let config: Config
    public let objects: ObjectDatabase
    public let refs: RefStore
    /// Brings in objects a partial clone left out (``MissingObjectFetcher``); empty by default.
    let missingObjectFetcher = MissingObjectFetcherSlot()

    /// Opens the repository whose worktree root is `root`; refuses unknown format versions.
    public init(root: URL, tolerateDamage: Bool = false) throws {
        let layout = RepositoryLayout(root: root)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: layout.mlv.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw RepositoryError(
                .notARepository, "not an mlv repository: '\(layout.root.path)'", hint: "run 'mlv init' to create one")
        }
        guard let data = FileManager.default.contents(atPath: layout.config.path) else {
            throw RepositoryError(.notARepository, "'\(layout.config.path)' is missing; not an mlv repository")
        }
        let config = try Config(parsing: String(decoding: data, as: UTF8.self), path: layout.config.path)
        guard let versionText = config["core.formatversion"], let version = Int(versionText) else {
            throw RepositoryError(.unsupportedFormat, "'\(layout.config.path)' has no core.formatVersion")
        }
        guard version == Repository.formatVersion else {
            throw RepositoryError(
                .unsupportedFormat,
                "repository format version \(version) is not supported by this mlv (it reads version \(Repository.formatVersion))",
                hint: version > Repository.formatVersion ? "upgrade mlv" : nil)
        }
        self.layout = layout
        self.config = config
        self.refs = RefStore(layout: layout)
        var options = ObjectDatabase.Options()
        options.skipsDamagedIndexes = tolerateDamage
        self.objects = try ObjectDatabase(directory: layout.objects, options: options)
    }

    /// Finds the repository that contains `start`, looking upward as git does.
    public static func discover(from start: URL, tolerateDamage: Bool = false) throws -> Repository {
        var dir = start.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(".mlv/config").path) {
                return try Repository(root: dir, tolerateDamage: tolerateDamage)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path {
                throw RepositoryError(
                    .notARepository, "not an mlv repository (or any parent up to /): '\(start.path)'",
                    hint: "run 'mlv init' to create one")
            }
            dir = parent
        }
    }

    /// Whether this is a bare repository (`mlv init --bare`, `core.bare = true`): one without a
    /// worktree, which remotes push to.
    public var isBare: Bool { config["core.bare"] == "true" }

    /// Rewrites `.mlv/config` atomically.
    public func writeConfig(_ config: Config) throws {
        try AtomicFile.write(Array(config.serialized().utf8), to: layout.config, temporaryDirectory: layout.tmp)
    }
}

extension Repository {
    /// Reads and decodes a commit.
    public func commit(_ id: ObjectID) throws -> Commit {
        do {
            return try Commit(decoding: try objects.read(id, kind: .commit))
        } catch let error as ObjectsError {
            throw RepositoryError.corrupt(.commit, id, error)
        }
    }

    /// Reads and decodes a tree.
    public func tree(_ id: ObjectID) throws -> Tree {
        do {
            return try Tree(decoding: try objects.read(id, kind: .tree))
        } catch let error as ObjectsError {
            throw RepositoryError(
                .unsafeTree, "tree \(id.abbreviated) is invalid: \(error.message)", hint: "run 'mlv fsck'",
                underlying: error)
        }
    }

    /// Reads and decodes a file manifest. In a partial clone (a ``MissingObjectFetcher`` is
    /// installed) the manifest and its chunks are fetched first when they are missing.
    public func manifest(_ id: ObjectID) throws -> FileManifest {
        do {
            let manifest = try FileManifest(decoding: try manifestFetchingMissing(id))
            try fetchMissingChunks(of: manifest.chunks.map(\.id))
            return manifest
        } catch let error as ObjectsError {
            throw RepositoryError.corrupt(.file, id, error)
        }
    }

    /// Reads and decodes an annotated tag.
    public func tagObject(_ id: ObjectID) throws -> Tag {
        do {
            return try Tag(decoding: try objects.read(id, kind: .tag))
        } catch let error as ObjectsError {
            throw RepositoryError.corrupt(.tag, id, error)
        }
    }

    /// What HEAD points at.
    public func head() throws -> HeadState {
        switch try refs.read(.head) {
        case .symbolic(let branch): return .branch(branch, try refs.resolve(branch).id)
        case .direct(let id): return .detached(id)
        case .none: throw RepositoryError(.corrupt, "'\(layout.head.path)' is missing")
        }
    }
}

/// Where HEAD points.
public enum HeadState: Sendable, Equatable {
    /// On a branch; the id is nil while the branch has no commit yet.
    case branch(RefName, ObjectID?)
    /// Detached at a commit.
    case detached(ObjectID)

    public var commitID: ObjectID? {
        switch self {
        case .branch(_, let id): id
        case .detached(let id): id
        }
    }
}
