import Foundation

/// What ``ObjectDatabase/repack(keeping:dryRun:garbageAge:)`` does, or would do with `dryRun`.
public struct RepackPlan: Sendable {
    /// Objects copied into the new pack(s).
    public var keptObjects = 0
    /// Objects the predicate rejected; they are deleted with their packs.
    public var droppedObjects = 0
    /// Extra copies of kept objects stored in more than one pack.
    public var duplicateCopies = 0
    /// Stored (encoded) bytes of the kept objects.
    public var keptBytes = 0
    /// Stored bytes freed: dropped objects and duplicate copies.
    public var droppedBytes = 0
    /// Installed pack files (`pack-<hex>.pack`) replaced by the new pack(s).
    public var packsToRemove: [String] = []
    /// Paths of leftovers to delete: packs without an index and files in `tmp/`, older than the
    /// grace period.
    public var garbageFiles: [String] = []
    /// The objects to copy, grouped by pack in offset order.
    var sources: [(pack: InstalledPack, entry: PackIndex.Entry)] = []

    /// Whether executing the plan would change nothing.
    public var isEmpty: Bool { packsToRemove.isEmpty && garbageFiles.isEmpty }
}

/// The outcome of ``ObjectDatabase/repack(keeping:dryRun:garbageAge:)``.
public struct RepackResult: Sendable {
    public var plan: RepackPlan
    /// File names of the packs written; empty for a dry run or an empty plan.
    public var newPacks: [String] = []
    /// False for a dry run.
    public var executed = false
}

extension ObjectDatabase {
    /// Rewrites the installed packs so that they hold exactly the objects for which `keeping`
    /// returns true, and removes garbage (gc's primitive; plan, then execute unless `dryRun`).
    ///
    /// Execution copies each kept object's stored bytes without re-encoding, after decoding and
    /// hash-checking them so that damage is never copied forward; writes and installs the new
    /// pack(s) and their indexes durably (``ObjectWriter/commit()``); only then deletes each old
    /// pack's index and then the pack; then deletes the garbage files. A crash at any point leaves
    /// every kept object readable. Files younger than `garbageAge` are left alone, since another
    /// process may be writing them. The caller holds the repository lock, so that no other process
    /// installs packs meanwhile; objects pending in open writers are not affected.
    /// - Throws: `.corrupt` when a kept object is damaged (nothing is deleted then), `.io` otherwise.
    /// - Complexity: reads every index record; reads, decodes and rewrites every kept object.
    public func repack(
        keeping: (ObjectID, ObjectKind) -> Bool, dryRun: Bool = false, garbageAge: Duration = .seconds(3600)
    ) throws -> RepackResult {
        let plan = try planRepack(keeping: keeping, garbageAge: garbageAge)
        var result = RepackResult(plan: plan)
        guard !dryRun else { return result }
        result.executed = true

        let newPacks = try replacePacks(plan.packsToRemove, with: plan.sources)
        for path in plan.garbageFiles { try FileSystem.remove(path) }
        result.newPacks = newPacks
        return result
    }

    /// Copies `sources` (stored bytes, each decoded and hash-checked first) into new pack(s),
    /// installs them durably, then deletes the packs named in `replacing` that were not
    /// rewritten as themselves: each index before its pack, then syncs the folder. Returns the
    /// new packs' file names.
    func replacePacks(_ replacing: [String], with sources: [(pack: InstalledPack, entry: PackIndex.Entry)]) throws
        -> [String]
    {
        guard !replacing.isEmpty else { return [] }
        let writer = try makeWriter()
        let newPacks: [String]
        do {
            for (pack, entry) in sources {
                let stored = try pack.reader().readStored(entry)
                _ = try PackReader.decodeVerified(stored, entry: entry, source: pack.path)
                _ = try writer.append(
                    id: entry.id, kind: entry.kind, codec: entry.codec, rawLength: entry.rawLength, stored: stored)
            }
            newPacks = try writer.commitReturningNames()
        } catch {
            writer.abort()
            throw error
        }
        let replaced = Set(replacing).subtracting(newPacks)
        forget(replaced)
        for name in replacing where replaced.contains(name) {
            guard let checksum = PackFormat.checksum(fromFileName: name) else { continue }
            // Index first: a pack without an index is garbage, an index without a pack is damage.
            try FileSystem.remove(
                packDirectory.appendingPathComponent(PackIndexFormat.fileName(checksum: checksum)).path)
            try FileSystem.remove(packDirectory.appendingPathComponent(name).path)
        }
        if !replaced.isEmpty { try FileSystem.syncDirectory(packDirectory.path) }
        return newPacks
    }

    /// Plans a repack without changing anything; see ``repack(keeping:dryRun:garbageAge:)``.
    func planRepack(keeping: (ObjectID, ObjectKind) -> Bool, garbageAge: Duration) throws -> RepackPlan {
        var plan = RepackPlan()
        // By name, not in lookup order (newest first): two packs written within one tick of the
        // file system's clock have equal times, so lookup order would make the output pack's
        // bytes depend on timing (docs/FORMAT.md's worked example caught it).
        let packs = installedPacks().sorted { $0.name < $1.name }
        var seen = Set<ObjectKey>()
        for pack in packs {
            var fromThisPack: [PackIndex.Entry] = []
            for record in 0..<pack.index.count {
                let entry = try pack.index.entry(at: record)
                guard seen.insert(ObjectKey(entry.id, entry.kind)).inserted else {
                    plan.duplicateCopies += 1
                    plan.droppedBytes += entry.storedLength
                    continue
                }
                if keeping(entry.id, entry.kind) {
                    plan.keptObjects += 1
                    plan.keptBytes += entry.storedLength
                    fromThisPack.append(entry)
                } else {
                    plan.droppedObjects += 1
                    plan.droppedBytes += entry.storedLength
                }
            }
            fromThisPack.sort { $0.offset < $1.offset }
            plan.sources += fromThisPack.map { (pack, $0) }
        }
        let needsRewrite = plan.droppedObjects > 0 || plan.duplicateCopies > 0 || packs.count > 1
        if needsRewrite {
            plan.packsToRemove = packs.map(\.name).sorted()
        } else {
            plan.sources = []
        }
        plan.garbageFiles = try garbage(olderThan: garbageAge)
        return plan
    }

    /// Packs without an index, and files in `tmp/`, last modified more than `age` ago.
    private func garbage(olderThan age: Duration) throws -> [String] {
        let cutoff = Date().addingTimeInterval(-Double(age.components.seconds))
        func isOld(_ path: String) -> Bool {
            (FileSystem.sizeAndModified(path)?.modified ?? .distantPast) <= cutoff
        }
        var paths: [String] = []
        let names = try listPackDirectory()
        let nameSet = Set(names)
        for name in names {
            guard let checksum = PackFormat.checksum(fromFileName: name),
                name == PackFormat.fileName(checksum: checksum),
                !nameSet.contains(PackIndexFormat.fileName(checksum: checksum))
            else { continue }
            let path = packDirectory.appendingPathComponent(name).path
            if isOld(path) { paths.append(path) }
        }
        let temporary = (try? FileManager.default.contentsOfDirectory(atPath: temporaryDirectory.path)) ?? []
        for name in temporary.sorted() {
            let path = temporaryDirectory.appendingPathComponent(name).path
            if isOld(path) { paths.append(path) }
        }
        return paths
    }
}
