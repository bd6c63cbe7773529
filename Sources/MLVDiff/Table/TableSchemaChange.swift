/// How the columns of two versions of a table differ: names added and removed, the order of the
/// shared ones, and the inferred type of each.
///
/// Columns are identified by name; a renamed column shows as one removed and one added.
public struct TableSchemaChange: Sendable, Hashable, Encodable {
    /// The old version's column names, in file order.
    public var oldColumns: [String]
    /// The new version's column names, in file order.
    public var newColumns: [String]
    /// The inferred type of each old column, parallel to ``oldColumns``.
    public var oldTypes: [ColumnType]
    /// The inferred type of each new column, parallel to ``newColumns``.
    public var newTypes: [ColumnType]
    /// Columns only in the new version, in its order.
    public var added: [String]
    /// Columns only in the old version, in its order.
    public var removed: [String]
    /// Whether the columns in both versions appear in a different relative order.
    public var reordered: Bool
    /// The fewest shared columns that moved to turn the old order into the new one (columns
    /// outside a longest common subsequence of the two orders), in the new order.
    public var moved: [String]
    /// Shared columns whose inferred type differs, in the new order.
    public var typeChanges: [ColumnTypeChange]

    /// The schema change from `old` to `new` columns with their inferred types.
    /// - Complexity: O(c²) in the column count (the column order's longest common subsequence).
    public init(oldColumns: [String], oldTypes: [ColumnType], newColumns: [String], newTypes: [ColumnType]) {
        self.oldColumns = oldColumns
        self.newColumns = newColumns
        self.oldTypes = oldTypes
        self.newTypes = newTypes
        let oldIndex = Dictionary(oldColumns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(newColumns)
        added = newColumns.filter { oldIndex[$0] == nil }
        removed = oldColumns.filter { !newNames.contains($0) }
        let sharedOld = oldColumns.filter { newNames.contains($0) }
        let sharedNew = newColumns.filter { oldIndex[$0] != nil }
        reordered = sharedOld != sharedNew
        let kept = Set(Self.longestCommonSubsequence(sharedOld, sharedNew))
        moved = sharedNew.filter { !kept.contains($0) }
        typeChanges = newColumns.indices.compactMap { index in
            guard let old = oldIndex[newColumns[index]], old < oldTypes.count, index < newTypes.count,
                oldTypes[old] != newTypes[index]
            else { return nil }
            return ColumnTypeChange(column: newColumns[index], old: oldTypes[old], new: newTypes[index])
        }
    }

    /// The number of distinct columns that were added, removed, moved or changed type: the
    /// "columns changed" of the summary.
    public var changedColumnCount: Int {
        Set(added + removed + moved + typeChanges.map(\.column)).count
    }

    /// Whether nothing about the columns changed.
    public var isEmpty: Bool { changedColumnCount == 0 }

    private enum CodingKeys: String, CodingKey {
        case oldColumns, newColumns, oldTypes, newTypes, added, removed, reordered, moved, typeChanges
    }

    /// A longest common subsequence of two lists of distinct names (dynamic programming).
    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> [String] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        let width = b.count + 1
        var lengths = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i * width + j] =
                    a[i] == b[j]
                    ? lengths[(i + 1) * width + j + 1] + 1
                    : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
            }
        }
        var result: [String] = []
        var (i, j) = (0, 0)
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                result.append(a[i])
                i += 1
                j += 1
            } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }
}

/// A shared column whose inferred type differs between versions.
///
/// JSON: `{"column": "price", "old": "integer", "new": "float"}`.
public struct ColumnTypeChange: Sendable, Hashable, Encodable {
    /// The column's name.
    public var column: String
    /// Its type in the old version.
    public var old: ColumnType
    /// Its type in the new version.
    public var new: ColumnType

    /// A change of `column`'s type from `old` to `new`.
    public init(column: String, old: ColumnType, new: ColumnType) {
        self.column = column
        self.old = old
        self.new = new
    }
}
