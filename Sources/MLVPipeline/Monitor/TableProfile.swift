import MLVFormats
import MLVObjects
import MLVRepository
import MLVStorage

/// One version of a CSV/TSV table reduced to the per-column profiles drift tests need, read as
/// a stream of stored chunks: memory holds one chunk, a partial record, and the profiles'
/// bounded state (``ColumnProfile/Limits``), never the whole file.
public struct TableProfile: Sendable {
    /// The path as messages and reports name it.
    public let path: String
    /// The header's column names, in order.
    public private(set) var columnNames: [String] = []
    /// Data rows read.
    public private(set) var rows = 0
    private(set) var columns: [ColumnProfile] = []
    private let limits: ColumnProfile.Limits

    init(path: String, limits: ColumnProfile.Limits) {
        self.path = path
        self.limits = limits
    }

    /// Whether `path` names a table drift can read: `.csv` or `.tsv`, in any case.
    public static func isTablePath(_ path: RepoPath) -> Bool {
        let name = path.description.lowercased()
        return name.hasSuffix(".csv") || name.hasSuffix(".tsv")
    }

    /// Profiles the table at `path` in commit `commit`, streaming its chunks.
    ///
    /// - Throws: `invalidInput` when the path is missing in that commit, is a folder, is not a
    ///   CSV/TSV table (by name, or holding NUL bytes), or does not parse as CSV.
    /// - Complexity: O(file size); memory bounded by the limits, not by the row count.
    static func scan(
        _ repository: Repository, commit: ObjectID, revision: String, path: RepoPath, limits: ColumnProfile.Limits
    ) throws -> TableProfile {
        guard let entry = try repository.entry(at: path, inTree: repository.commit(commit).tree) else {
            throw PipelineError(.invalidInput, "'\(path)' does not exist in '\(revision)'")
        }
        guard entry.mode != .directory else {
            throw PipelineError(.invalidInput, "'\(path)' in '\(revision)' is a folder, not a table")
        }
        guard isTablePath(path) else {
            throw PipelineError(.invalidInput, "'\(path)' is not a CSV or TSV table")
        }
        var profile = TableProfile(path: path.description, limits: limits)
        var scanner = Scanner(pathExtension: path.description.lowercased().hasSuffix(".tsv") ? "tsv" : "csv")
        try repository.readFile(entry.id) { chunk in
            try scanner.feed(chunk, final: false, into: &profile)
        }
        try scanner.feed([], final: true, into: &profile)
        return profile
    }

    /// Adds the header (the first record).
    mutating func setHeader(_ names: [String]) {
        columnNames = names
        columns = names.enumerated().map { ColumnProfile(name: $1, index: $0, limits: limits) }
    }

    /// Adds one data record.
    mutating func add(_ reader: CSVReader) {
        rows += 1
        for index in columns.indices {
            if index >= reader.fieldCount {
                columns[index].addMissing()
            } else if reader.needsUnescaping(index) {
                columns[index].add(ArraySlice(reader.field(index)))
            } else {
                columns[index].add(reader.rawField(index))
            }
        }
    }

    /// Cuts a byte stream into whole CSV records: a record is handed out only once the bytes
    /// after it have been seen (a line break ends it), so no record is split between chunks.
    struct Scanner {
        let pathExtension: String
        var buffer: [UInt8] = []
        var dialect: CSVDialect?
        var sawHeader = false

        init(pathExtension: String) { self.pathExtension = pathExtension }

        mutating func feed(_ chunk: [UInt8], final: Bool, into profile: inout TableProfile) throws {
            if chunk.contains(0) {
                throw PipelineError(.invalidInput, "'\(profile.path)' is not a CSV or TSV table: it holds NUL bytes")
            }
            buffer += chunk
            let dialect = self.dialect ?? CSVDialect.sniff(buffer[...], pathExtension: pathExtension)
            if self.dialect == nil && (buffer.count >= 64 * 1024 || final) { self.dialect = dialect }
            guard self.dialect != nil else { return }
            var reader = CSVReader(bytes: buffer[...], dialect: dialect, hasHeader: !sawHeader)
            var consumed = 0
            while true {
                let more: Bool
                do {
                    more = try reader.next()
                } catch {
                    // An open quote may close in the next chunk.
                    if final {
                        throw PipelineError(.invalidInput, "'\(profile.path)' is not a valid table: \(error.message)")
                    }
                    break
                }
                guard more else {
                    consumed = buffer.count
                    break
                }
                if !final && reader.recordRange.upperBound >= buffer.count { break }
                if sawHeader {
                    profile.add(reader)
                } else {
                    profile.setHeader(reader.strings())
                    sawHeader = true
                }
                consumed = reader.recordRange.upperBound
            }
            buffer.removeSubrange(0..<consumed)
        }
    }
}
