import MLVObjects
import MLVRepository
import MLVStorage

/// Questions about past runs, answered from the run records commits name: metrics and
/// parameters of a revision, their differences between two, and the lineage of a file.
public struct RunHistory: Sendable {
    public let repository: Repository

    public init(repository: Repository) { self.repository = repository }

    /// The run records `commit` names (empty when it names none).
    public func records(of commit: ObjectID) throws -> [RunRecord] {
        guard let bundle = try repository.commit(commit).runRecord else { return [] }
        return try RunBundle.decode(try repository.content(.stored(bundle)))
    }

    /// The latest commit at or before `start` (first parents, then the rest, newest first) that
    /// names run records, with them; nil when none does.
    public func latestRun(from start: ObjectID) throws -> (commit: ObjectID, records: [RunRecord])? {
        for entry in try repository.log(from: [start]) where entry.commit.runRecord != nil {
            return (entry.id, try records(of: entry.id))
        }
        return nil
    }

    /// One value that differs (or is shown) per stage and name.
    public struct Row: Sendable, Equatable {
        public var stage: String
        public var name: String
        public var old: String?
        public var new: String?
    }

    /// Metrics of the latest run at or before each revision, side by side; with one revision,
    /// `old` is nil.
    public func metrics(_ old: ObjectID?, _ new: ObjectID) throws -> [Row] {
        try compare(old, new) { record in
            record.metrics.mapValues { CanonicalJSON.format($0) }
        }
    }

    /// Resolved parameters (and seeds) of the latest run at or before each revision.
    public func params(_ old: ObjectID?, _ new: ObjectID) throws -> [Row] {
        try compare(old, new) { record in
            var values = record.params.mapValues { String(decoding: CanonicalJSON($0).bytes, as: UTF8.self) }
            values["seed"] = String(record.seed)
            return values
        }
    }

    private func compare(_ old: ObjectID?, _ new: ObjectID, _ values: (RunRecord) -> [String: String]) throws -> [Row] {
        func table(_ commit: ObjectID?) throws -> [String: [String: String]] {
            guard let commit, let run = try latestRun(from: commit) else { return [:] }
            var out: [String: [String: String]] = [:]
            for record in run.records { out[record.stage] = values(record) }
            return out
        }
        let before = try table(old)
        let after = try table(new)
        var rows: [Row] = []
        for stage in Set(before.keys).union(after.keys).sorted() {
            let names = Set(before[stage]?.keys ?? [:].keys).union(after[stage]?.keys ?? [:].keys)
            for name in names.sorted() {
                rows.append(Row(stage: stage, name: name, old: before[stage]?[name], new: after[stage]?[name]))
            }
        }
        return rows
    }

    /// Which run produced the file at `path` as it is in `revision`: the newest commit at or
    /// before it whose run records list `path` among their outputs with the same file id.
    public func lineage(of path: RepoPath, at revision: ObjectID) throws -> (commit: ObjectID, record: RunRecord)? {
        guard let entry = try repository.entry(at: path, inTree: repository.commit(revision).tree) else {
            throw PipelineError(.invalidInput, "'\(path)' is not in \(revision.abbreviated)")
        }
        for logEntry in try repository.log(from: [revision]) where logEntry.commit.runRecord != nil {
            for record in try records(of: logEntry.id) where record.outputs[path] == entry.id {
                return (logEntry.id, record)
            }
        }
        return nil
    }
}
