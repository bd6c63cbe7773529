import Foundation

/// One problem found by ``ObjectDatabase/verify(progress:)``.
public struct VerifyProblem: Sendable, CustomStringConvertible {
    /// The damaged file's path.
    public var file: String
    /// The object concerned, when the problem is about one object.
    public var id: ObjectID?
    /// The byte offset in `file` concerned, when known.
    public var offset: UInt64?
    /// The error, with a code to branch on and a message naming file, object and offset.
    public var error: StorageError

    public init(file: String, id: ObjectID? = nil, offset: UInt64? = nil, error: StorageError) {
        self.file = file
        self.id = id
        self.offset = offset
        self.error = error
    }

    public var description: String { error.description }
}

/// What ``ObjectDatabase/verify(progress:)`` found.
public struct VerifyReport: Sendable {
    /// Packs that have an index, checked end to end.
    public var packsChecked = 0
    /// Objects decoded and hashed.
    public var objectsChecked = 0
    /// Damage, one entry per problem; empty when the store is intact.
    public var problems: [VerifyProblem] = []
    /// Harmless leftovers that gc removes: packs without an index (paths).
    public var garbage: [String] = []

    /// Whether no damage was found (garbage does not count).
    public var isIntact: Bool { problems.isEmpty }
}

/// How far ``ObjectDatabase/verify(progress:)`` has got.
public struct VerifyProgress: Sendable {
    public var packsDone: Int
    public var packsTotal: Int
    public var objectsChecked: Int
}

extension ObjectDatabase {
    /// Checks every pack and index in `objects/pack/` from scratch (fsck), collecting every problem
    /// rather than stopping at the first.
    ///
    /// For each index: it opens; its checksum matches its bytes; it names its pack. For each pack:
    /// its header is valid; its trailer matches the SHA-256 of its bytes and its file name; every
    /// entry lies inside the pack, decodes, and hashes to its id; and the pack's entries and the
    /// index's records agree one to one (offset, kind, codec, lengths). Packs without an index are
    /// listed as garbage; indexes without a pack are problems.
    /// - Complexity: reads every byte of every pack and index once, decodes every object.
    public func verify(progress: ((VerifyProgress) -> Void)? = nil) -> VerifyReport {
        var report = VerifyReport()
        let names: [String]
        do {
            names = try listPackDirectory()
        } catch {
            let storage = error as? StorageError ?? StorageError(.io, "cannot list '\(packDirectory.path)'")
            report.problems.append(VerifyProblem(file: packDirectory.path, error: storage))
            return report
        }
        let nameSet = Set(names)
        var checksums: [ObjectID] = []
        for name in names {
            guard let checksum = PackFormat.checksum(fromFileName: name) else { continue }
            let packName = PackFormat.fileName(checksum: checksum)
            let indexName = PackIndexFormat.fileName(checksum: checksum)
            let path = packDirectory.appendingPathComponent(name).path
            if name == packName {
                if nameSet.contains(indexName) {
                    checksums.append(checksum)
                } else {
                    report.garbage.append(path)
                }
            } else if name == indexName, !nameSet.contains(packName) {
                report.problems.append(
                    VerifyProblem(
                        file: path,
                        error: StorageError(.missingObject, "pack index '\(path)' has no pack '\(packName)'")))
            }
        }
        for (done, checksum) in checksums.enumerated() {
            verifyPack(checksum, into: &report)
            progress?(
                VerifyProgress(packsDone: done + 1, packsTotal: checksums.count, objectsChecked: report.objectsChecked))
        }
        return report
    }

    private func verifyPack(_ checksum: ObjectID, into report: inout VerifyReport) {
        let packPath = packDirectory.appendingPathComponent(PackFormat.fileName(checksum: checksum)).path
        let indexPath = packDirectory.appendingPathComponent(PackIndexFormat.fileName(checksum: checksum)).path
        report.packsChecked += 1
        func problem(_ file: String, _ error: StorageError, id: ObjectID? = nil, offset: UInt64? = nil) {
            report.problems.append(VerifyProblem(file: file, id: id, offset: offset, error: error))
        }
        func problemAt(_ file: String, id: ObjectID? = nil, offset: UInt64? = nil, _ error: StorageError) {
            problem(file, error, id: id, offset: offset)
        }

        // The index.
        var index: PackIndex?
        do throws(StorageError) {
            let opened = try PackIndex(path: indexPath)
            index = opened
            let computed = opened.computedChecksum()
            if computed != opened.storedChecksum {
                problem(
                    indexPath,
                    StorageError(
                        .corrupt,
                        "pack index '\(indexPath)' checksum mismatch: stored \(opened.storedChecksum), computed \(computed)"
                    ))
            }
            if opened.packChecksum != checksum {
                problem(
                    indexPath,
                    StorageError(
                        .corrupt, "pack index '\(indexPath)' describes pack \(opened.packChecksum), not \(checksum)"))
            }
        } catch {
            problem(indexPath, error)
        }

        // The pack's header and trailer.
        let reader: PackReader
        do throws(StorageError) {
            reader = try PackReader(path: packPath)
            let stored = try reader.storedChecksum()
            let computed = try reader.computedChecksum()
            if stored != computed {
                problemAt(
                    packPath, offset: reader.entriesEnd,
                    StorageError(
                        .corrupt, "pack '\(packPath)' trailer checksum mismatch: stored \(stored), computed \(computed)"
                    ))
            } else if stored != checksum {
                problem(packPath, StorageError(.corrupt, "pack '\(packPath)' has checksum \(stored), unlike its name"))
            }
        } catch {
            problem(packPath, error)
            return
        }

        // Every entry, in pack order.
        var scanned: [ObjectKey: PackIndex.Entry] = [:]
        var offset = UInt64(PackFormat.headerSize)
        while offset < reader.entriesEnd {
            let header: PackEntryHeader
            do throws(StorageError) {
                header = try reader.entryHeader(at: offset)
            } catch {
                problem(packPath, error, offset: offset)
                break
            }
            let next = offset + UInt64(PackFormat.entryHeaderSize + header.storedLength)
            defer { offset = next }
            guard let kind = ObjectKind(rawValue: header.kindByte), let codec = ChunkCodec(rawValue: header.codecByte)
            else {
                problemAt(
                    packPath, id: header.id, offset: offset,
                    StorageError(
                        .corrupt,
                        "entry \(header.id) at offset \(offset) of pack '\(packPath)' has unknown kind "
                            + "\(header.kindByte) or codec \(header.codecByte)"))
                continue
            }
            let entry = PackIndex.Entry(
                id: header.id, kind: kind, codec: codec, offset: offset, storedLength: header.storedLength,
                rawLength: header.rawLength)
            do throws(StorageError) {
                _ = try reader.readObject(entry)
                report.objectsChecked += 1
            } catch {
                problem(packPath, error, id: header.id, offset: offset)
            }
            scanned[ObjectKey(header.id, kind)] = entry
        }

        // The index against the pack.
        guard let index else { return }
        var matched = 0
        for record in 0..<index.count {
            let entry: PackIndex.Entry
            do throws(StorageError) {
                entry = try index.entry(at: record)
            } catch {
                problem(indexPath, error, id: index.key(at: record).id)
                continue
            }
            guard let found = scanned[ObjectKey(entry.id, entry.kind)] else {
                problemAt(
                    indexPath, id: entry.id, offset: entry.offset,
                    StorageError(
                        .corrupt,
                        "pack index '\(indexPath)' lists \(entry.kind) \(entry.id) at offset \(entry.offset), "
                            + "which pack '\(packPath)' does not hold there"))
                continue
            }
            if found != entry {
                problemAt(
                    indexPath, id: entry.id, offset: entry.offset,
                    StorageError(
                        .corrupt,
                        "pack index '\(indexPath)' record for \(entry.kind) \(entry.id) (offset \(entry.offset)) "
                            + "differs from the pack's entry at offset \(found.offset)"))
            }
            matched += 1
        }
        if scanned.count > matched {
            problem(
                indexPath,
                StorageError(
                    .corrupt, "pack '\(packPath)' holds \(scanned.count) objects but its index lists \(matched) of them"
                ))
        }
    }
}
