import Foundation
import MLVRepository
import MLVStorage

/// The run cache: one run record per fingerprint, at `.mlv/runs/<fingerprint hex>.json`
/// (docs/FORMAT.md, "Run records and the run cache").
///
/// A stage whose fingerprint has a record need not run again: its outputs are the record's
/// output file ids. Records are written atomically (temp file in `.mlv/tmp/`, `fsync`,
/// `rename`, `fsync` the folder) after the output objects they name are stored, so a reader
/// never sees a half-written record nor one whose outputs are missing.
public struct RunCache: Sendable {
    /// The folder holding the records: `.mlv/runs`.
    public let directory: URL
    /// Where temporary files are written: `.mlv/tmp`, on the same file system.
    public let temporaryDirectory: URL

    public init(layout: RepositoryLayout) {
        self.directory = layout.mlv.appendingPathComponent("runs")
        self.temporaryDirectory = layout.tmp
    }

    /// The file that holds the record of `fingerprint`.
    public func url(for fingerprint: StageFingerprint) -> URL {
        directory.appendingPathComponent("\(fingerprint).json")
    }

    /// The record stored under `fingerprint`, or nil when there is none.
    ///
    /// - Throws: `runCache` when the file cannot be read, does not decode, or holds the record
    ///   of another fingerprint.
    public func record(for fingerprint: StageFingerprint) throws(PipelineError) -> RunRecord? {
        let url = url(for: fingerprint)
        let name = ".mlv/runs/\(fingerprint).json"
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PipelineError(.runCache, "cannot read run record '\(name)'")
        }
        let record: RunRecord
        do {
            record = try RunRecord.decode(Array(data), source: name)
        } catch {
            throw PipelineError(.runCache, error.message, hint: "remove '\(name)'; the stage will run again")
        }
        guard record.fingerprint == fingerprint else {
            throw PipelineError(
                .runCache, "run record '\(name)' holds the run of fingerprint \(record.fingerprint)",
                hint: "remove '\(name)'; the stage will run again")
        }
        return record
    }

    /// Stores `record` under its fingerprint, replacing any record there.
    ///
    /// - Throws: `runCache` when the folder or the file cannot be written; `invalidInput` for a
    ///   metric that is not finite.
    public func store(_ record: RunRecord) throws(PipelineError) {
        let bytes = try record.canonicalBytes()
        let url = url(for: record.fingerprint)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: temporaryDirectory, withIntermediateDirectories: true)
        } catch {
            throw PipelineError(.runCache, "cannot create '\(directory.path)': \(error.localizedDescription)")
        }
        do {
            try AtomicFile.write(bytes, to: url, temporaryDirectory: temporaryDirectory)
        } catch {
            throw PipelineError(.runCache, "cannot write run record '.mlv/runs/\(record.fingerprint).json': \(error)")
        }
    }

    /// The fingerprints that have a record, sorted; files not named `<64 hex>.json` are ignored.
    public func fingerprints() throws(PipelineError) -> [StageFingerprint] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw PipelineError(.runCache, "cannot list '\(directory.path)': \(error.localizedDescription)")
        }
        return names.compactMap { name -> StageFingerprint? in
            guard name.hasSuffix(".json"), name.utf8.count == 69,
                let id = ObjectID(hex: name.prefix(64)), id.description == name.prefix(64)
            else { return nil }
            return StageFingerprint(id: id)
        }.sorted()
    }
}
