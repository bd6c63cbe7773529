import Foundation
import MLVObjects
import MLVRepository
import MLVStorage
import Synchronization

/// `mlv drift`: compares tables between two revisions column by column (docs/CLI.md).
public struct Drift {
    public let repository: Repository
    public var settings: DriftSettings
    var limits = ColumnProfile.Limits()

    public init(repository: Repository, settings: DriftSettings = DriftSettings()) {
        self.repository = repository
        self.settings = settings
    }

    /// The table paths both revisions hold (`.csv`/`.tsv`), sorted.
    public func commonTables(_ before: ObjectID, _ after: ObjectID) throws -> [RepoPath] {
        func tables(_ commit: ObjectID) throws -> Set<RepoPath> {
            Set(
                try repository.files(ofTree: repository.commit(commit).tree).map(\.path).filter(
                    TableProfile.isTablePath))
        }
        return try tables(before).intersection(tables(after)).sorted()
    }

    /// Compares `paths` (every common table when empty) between revisions `before` and `after`;
    /// the two sides of each table are read at the same time, one per core.
    ///
    /// - Throws: `RepositoryError.unknownRevision`; `PipelineError.invalidInput` for a path
    ///   missing on a side, a non-table file, or a table that does not parse.
    public func compare(_ before: String, _ after: String, paths: [RepoPath] = []) throws -> DriftReport {
        let beforeID = try repository.resolveCommit(before)
        let afterID = try repository.resolveCommit(after)
        let paths = paths.isEmpty ? try commonTables(beforeID, afterID) : paths
        var tables: [TableDrift] = []
        for path in paths {
            let (a, b) = try profiles(path, (beforeID, before), (afterID, after))
            tables.append(compare(a, b))
        }
        return DriftReport(tables: tables)
    }

    /// The profiles of `path` in two commits, read concurrently.
    func profiles(
        _ path: RepoPath, _ a: (ObjectID, String), _ b: (ObjectID, String)
    ) throws -> (TableProfile, TableProfile) {
        let results = Mutex<[Result<TableProfile, any Error>?]>([nil, nil])
        let sides = [a, b]
        let repository = self.repository
        let limits = self.limits
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let side = sides[index]
            let result = Result {
                try TableProfile.scan(repository, commit: side.0, revision: side.1, path: path, limits: limits)
            }
            results.withLock { $0[index] = result }
        }
        let done = results.withLock { $0 }
        guard let first = done[0], let second = done[1] else {
            throw InternalError("a drift scan of '\(path)' returned no result")
        }
        return (try first.get(), try second.get())
    }

    /// Compares two profiles of one table.
    public func compare(_ before: TableProfile, _ after: TableProfile) -> TableDrift {
        var columns: [ColumnDrift] = []
        let afterByName = Dictionary(after.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let beforeNames = Set(before.columns.map(\.name))
        for column in before.columns {
            guard let other = afterByName[column.name] else {
                var row = ColumnDrift(column: column.name, type: column.type.rawValue, kind: .schema)
                row.before = side(column)
                row.reasons = ["column removed"]
                row.drifted = !settings.thresholds(for: column.name).ignore
                columns.append(row)
                continue
            }
            columns.append(compare(column, other))
        }
        for column in after.columns where !beforeNames.contains(column.name) {
            var row = ColumnDrift(column: column.name, type: column.type.rawValue, kind: .schema)
            row.after = side(column)
            row.reasons = ["column added"]
            row.drifted = !settings.thresholds(for: column.name).ignore
            columns.append(row)
        }
        return TableDrift(path: before.path, rowsBefore: before.rows, rowsAfter: after.rows, columns: columns)
    }

    func compare(_ a: ColumnProfile, _ b: ColumnProfile) -> ColumnDrift {
        let limits = settings.thresholds(for: a.name)
        let type =
            a.type == b.type || a.type == .empty || b.type == .empty
            ? a.type.joined(b.type).rawValue : "\(a.type.rawValue) → \(b.type.rawValue)"
        let numeric = (a.isNumeric || a.type == .empty) && (b.isNumeric || b.type == .empty)
        var row = ColumnDrift(column: a.name, type: type, kind: numeric ? .numeric : .categorical)
        row.before = side(a)
        row.after = side(b)
        if limits.ignore {
            row.kind = .skipped
            row.reasons = ["ignored"]
            return row
        }
        let missingShift = abs((row.after?.missingRate ?? 0) - (row.before?.missingRate ?? 0))
        if missingShift > limits.missing {
            row.reasons.append(String(format: "missing rate moved by %.4g > %.4g", missingShift, limits.missing))
        }
        let typeChanged =
            a.type != b.type && a.type != .empty && b.type != .empty
            && !(a.isNumeric && b.isNumeric)
        if typeChanged {
            row.kind = .schema
            row.reasons.append("type changed from \(a.type.rawValue) to \(b.type.rawValue)")
        } else if numeric {
            compareNumeric(a, b, into: &row, limits: limits)
        } else {
            compareCategories(a, b, into: &row, limits: limits)
        }
        row.drifted =
            row.kind != .skipped && !row.reasons.isEmpty
            || (row.kind == .skipped && missingShift > limits.missing)
        return row
    }

    private func compareNumeric(
        _ a: ColumnProfile, _ b: ColumnProfile, into row: inout ColumnDrift,
        limits: (psi: Double, pValue: Double, missing: Double, ignore: Bool)
    ) {
        guard !a.sample.isEmpty, !b.sample.isEmpty else {
            row.kind = .skipped
            row.reasons.insert("no values on \(a.sample.isEmpty ? "the old" : "the new") side", at: 0)
            return
        }
        let x = a.sample.sorted()
        let y = b.sample.sorted()
        let psi = DriftStatistics.psi(expectedSorted: x, actualSorted: y, bins: settings.bins)
        let d = DriftStatistics.ksStatistic(sorted: x, sorted: y)
        let p = DriftStatistics.ksPValue(d, x.count, y.count)
        row.psi = psi
        row.ksStatistic = d
        row.ksPValue = p
        row.sampled = a.isSampled || b.isSampled
        if psi > limits.psi { row.reasons.append(String(format: "psi %.4g > %.4g", psi, limits.psi)) }
        if p < limits.pValue { row.reasons.append(String(format: "ks p-value %.3g < %.3g", p, limits.pValue)) }
    }

    private func compareCategories(
        _ a: ColumnProfile, _ b: ColumnProfile, into row: inout ColumnDrift,
        limits: (psi: Double, pValue: Double, missing: Double, ignore: Bool)
    ) {
        guard let countsA = a.categories, let countsB = b.categories else {
            row.kind = .skipped
            row.reasons.insert("more than \(self.limits.categories) categories", at: 0)
            return
        }
        let names = Set(countsA.keys).union(countsB.keys).sorted { $0.lexicographicallyPrecedes($1) }
        guard !names.isEmpty, countsA.values.reduce(0, +) > 0, countsB.values.reduce(0, +) > 0 else {
            row.kind = .skipped
            row.reasons.insert("no values on \(countsA.isEmpty ? "the old" : "the new") side", at: 0)
            return
        }
        let x = names.map { countsA[$0] ?? 0 }
        let y = names.map { countsB[$0] ?? 0 }
        let psi = DriftStatistics.psi(x, y)
        let test = DriftStatistics.chiSquare(x, y)
        row.psi = psi
        row.chiSquare = test.statistic
        row.degreesOfFreedom = test.dof
        row.chiSquarePValue = test.pValue
        let label = { (bytes: ArraySlice<UInt8>) in String(decoding: bytes, as: UTF8.self) }
        row.newCategories = names.filter { countsA[$0] == nil }.map(label)
        row.vanishedCategories = names.filter { countsB[$0] == nil }.map(label)
        let totalA = Double(x.reduce(0, +))
        let totalB = Double(y.reduce(0, +))
        var shifts: [ColumnDrift.Shift] = []
        for (index, name) in names.enumerated() where x[index] * Int(totalB) != y[index] * Int(totalA) {
            let before = Double(x[index]) / totalA
            let after = Double(y[index]) / totalB
            shifts.append(ColumnDrift.Shift(category: label(name), before: before, after: after))
        }
        shifts.sort { abs($0.after - $0.before) > abs($1.after - $1.before) }
        row.shifts = Array(shifts.prefix(5))
        if psi > limits.psi { row.reasons.append(String(format: "psi %.4g > %.4g", psi, limits.psi)) }
        if test.pValue < limits.pValue {
            row.reasons.append(String(format: "chi-square p-value %.3g < %.3g", test.pValue, limits.pValue))
        }
    }

    private func side(_ column: ColumnProfile) -> ColumnDrift.Side {
        let numbers = column.isNumeric && column.numericCount > 0
        return ColumnDrift.Side(
            rows: column.rows, missingRate: column.rows > 0 ? Double(column.missing) / Double(column.rows) : 0,
            mean: numbers ? column.mean : nil, std: numbers ? column.variance.squareRoot() : nil,
            min: numbers ? column.minimum : nil, max: numbers ? column.maximum : nil)
    }
}
