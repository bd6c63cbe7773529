import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import MLVTestSupport
import Testing

func mergeOptions(
    _ fastForward: MergeOptions.FastForward = .allowed, merger: (any FileMerger)? = nil, message: String? = nil
) -> MergeOptions {
    var options = MergeOptions(identity: TestIdentity.identity)
    options.fastForward = fastForward
    options.message = message
    if let merger { options.fileMerger = merger }
    return options
}

extension TempRepository {
    /// Writes (or, for nil, deletes) files, stages everything and commits.
    @discardableResult
    func change(_ files: [String: String?], message: String) throws -> ObjectID {
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            if let text { try write(path, text) } else if exists(path) { try delete(path) }
        }
        try add()
        return try commit(message).id
    }

    /// `switch -c name [start]`.
    func branch(_ name: String, from start: String? = nil) throws {
        _ = try repository.switchToNewBranch(name, start: start, options: checkoutOptions())
    }

    /// `switch name`.
    func switchTo(_ name: String) throws {
        _ = try repository.checkout(name, options: checkoutOptions())
    }

    @discardableResult
    func merge(_ revision: String, _ options: MergeOptions = mergeOptions()) throws -> MergeResult {
        try repository.merge(revision, options: options)
    }

    /// Every file of the worktree (outside `.mlv/`) with its bytes and whether it is executable.
    func snapshot() throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let base = root.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return out }
        for case let relative as String in walker where !relative.hasPrefix(".mlv") {
            var isDirectory: ObjCBool = false
            let full = base + "/" + relative
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            out[relative] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: full)))
        }
        return out
    }

    /// The files of the merge state that exist (`MERGE_HEAD`, `MERGE_MSG`, `MERGE_STATE`).
    var mergeStateFiles: [String] {
        [layout.mergeHead, layout.mergeMessage, layout.mergeState].filter {
            FileManager.default.fileExists(atPath: $0.path)
        }.map(\.lastPathComponent)
    }

    /// Index entries as `path:stage` strings.
    func indexStages() throws -> [String] {
        try repository.readIndex().entries.map { "\($0.path):\($0.stage)" }
    }

    /// The id a file of `revision` has.
    func fileID(_ revision: String, _ path: String) throws -> ObjectID? {
        try repository.entry(
            at: try self.path(path), inTree: repository.commit(repository.resolveCommit(revision)).tree)?
            .id
    }
}

/// main: base ← ours; feature: base ← theirs, with every kind of change on each side.
///
/// Base files: `both.txt`, `table.csv`, `blob.bin` (binary), `keep.txt` (modified by us, deleted
/// by them), `drop.txt` (deleted by us, modified by them), `same.txt` (changed identically),
/// `ours-only.txt`, `theirs-only.txt`, `gone-ours.txt` (deleted by us), `gone-theirs.txt`.
struct ConflictHistory {
    var repo: TempRepository
    var base: ObjectID
    var ours: ObjectID
    var theirs: ObjectID

    static let binaryBase = "bin\u{0}base\n"

    init(conflicts: Bool = true) throws {
        repo = try TempRepository()
        base = try repo.change(
            [
                "both.txt": "base\n", "table.csv": "id,x\n1,1\n", "blob.bin": Self.binaryBase, "keep.txt": "keep\n",
                "drop.txt": "drop\n", "same.txt": "same\n", "ours-only.txt": "o\n", "theirs-only.txt": "t\n",
                "gone-ours.txt": "g\n", "gone-theirs.txt": "g\n", "dir/untouched.txt": "u\n",
            ], message: "base")
        try repo.branch("feature")
        var theirsChanges: [String: String?] = [
            "same.txt": "same changed\n", "theirs-only.txt": "t changed\n", "gone-theirs.txt": nil,
            "new-theirs.txt": "new from feature\n",
        ]
        if conflicts {
            theirsChanges.merge(
                [
                    "both.txt": "theirs\n", "table.csv": "id,x\n1,3\n", "blob.bin": "bin\u{0}theirs\n", "keep.txt": nil,
                    "drop.txt": "drop theirs\n", "added.txt": "added by theirs\n",
                ], uniquingKeysWith: { $1 })
        }
        theirs = try repo.change(theirsChanges, message: "theirs")
        try repo.switchTo("main")
        var oursChanges: [String: String?] = [
            "same.txt": "same changed\n", "ours-only.txt": "o changed\n", "gone-ours.txt": nil,
            "new-ours.txt": "new from main\n",
        ]
        if conflicts {
            oursChanges.merge(
                [
                    "both.txt": "ours\n", "table.csv": "id,x\n1,2\n", "blob.bin": "bin\u{0}ours\n",
                    "keep.txt": "keep ours\n", "drop.txt": nil, "added.txt": "added by ours\n",
                ], uniquingKeysWith: { $1 })
        }
        ours = try repo.change(oursChanges, message: "ours")
    }
}
