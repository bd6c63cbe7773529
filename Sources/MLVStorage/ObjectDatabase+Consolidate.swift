import Foundation

/// When and how ``ObjectDatabase/consolidateSmallPacks(_:)`` rolls small packs together.
public struct PackConsolidation: Sendable, Equatable {
    /// Consolidation starts when more than this many small packs are installed; 0 turns it off
    /// (config `gc.autoPackLimit`, docs/FORMAT.md §8.4).
    public var limit = 32
    /// Packs at least this large are never rewritten by consolidation (only `mlv gc` does).
    public var smallPackBytes: UInt64 = 32 * 1024 * 1024
    /// After consolidation, each small pack left holds at least this many times the bytes of all
    /// smaller ones together, so that a byte is copied O(log n) times over a repository's life.
    public var factor: UInt64 = 2

    public init(limit: Int = 32) {
        self.limit = limit
    }

    /// How many of the smallest packs to roll into one, given pack sizes in ascending order.
    ///
    /// Walks down from the largest pack while each holds at least `factor` times all smaller
    /// packs together; those stay. The pack where that fails and every smaller one are rolled
    /// into one, which leaves the packs a series in which each holds at least `factor` times
    /// the sum of those below it. Returns 0 or a count of at least 2.
    public func rollCount(ascendingSizes sizes: [UInt64]) -> Int {
        var below: [UInt64] = [0]
        for size in sizes { below.append(below[below.count - 1] &+ size) }
        var split = sizes.count - 1
        while split > 0, sizes[split] >= factor &* below[split] { split -= 1 }
        return split > 0 ? split + 1 : 0
    }
}

extension ObjectDatabase {
    /// Rolls small packs into one when more than `policy.limit` of them are installed, so that
    /// object lookups, which search pack by pack, stay fast in a repository that gains a few
    /// small packs with every commit.
    ///
    /// Every object of the rolled packs is kept (this is not garbage collection): stored bytes
    /// are copied without re-encoding, after being decoded and hash-checked; the new pack and its
    /// index are durable before the old ones are deleted, index first, so a crash at any point
    /// leaves every object readable. The caller holds the repository lock. A reader in another
    /// process that still lists a deleted pack finds the object again after
    /// ``reload()`` (``read(_:kind:)`` does so by itself).
    /// - Returns: the file names of the packs replaced; empty when nothing was done.
    @discardableResult
    public func consolidateSmallPacks(_ policy: PackConsolidation = PackConsolidation()) throws -> [String] {
        guard policy.limit > 0 else { return [] }
        try reload()
        var small: [(pack: InstalledPack, size: UInt64)] = []
        for pack in installedPacks() {
            guard let size = FileSystem.sizeAndModified(pack.path)?.size, size < policy.smallPackBytes else {
                continue
            }
            small.append((pack, size))
        }
        guard small.count > policy.limit else { return [] }
        small.sort { $0.size != $1.size ? $0.size < $1.size : $0.pack.name < $1.pack.name }
        let count = policy.rollCount(ascendingSizes: small.map(\.size))
        guard count > 1 else { return [] }
        let rolled = small[0..<count].map(\.pack)
        var seen = Set<ObjectKey>()
        var sources: [(pack: InstalledPack, entry: PackIndex.Entry)] = []
        for pack in rolled {
            var entries: [PackIndex.Entry] = []
            for record in 0..<pack.index.count {
                let entry = try pack.index.entry(at: record)
                if seen.insert(ObjectKey(entry.id, entry.kind)).inserted { entries.append(entry) }
            }
            entries.sort { $0.offset < $1.offset }
            sources += entries.map { (pack, $0) }
        }
        let names = rolled.map(\.name).sorted()
        _ = try replacePacks(names, with: sources)
        return names
    }
}
