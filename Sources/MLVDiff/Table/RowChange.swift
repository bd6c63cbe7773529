/// One row that differs between two versions of a table.
///
/// JSON (see ``TableDiff`` for the whole document): `{"change": "added"|"removed"|"modified",
/// "oldRow": 9, "newRow": 17, "key": ["7"], "values": […], "cells": […]}`, where `oldRow` is
/// absent for an added row, `newRow` for a removed one, `key` when the diff has no keys,
/// `values` for a modified row and `cells` for the others.
public struct RowChange: Sendable, Hashable, Encodable {
    /// What happened to the row.
    public enum Kind: String, Sendable, Hashable, Encodable {
        /// Only in the new version.
        case added
        /// Only in the old version.
        case removed
        /// In both, with different values in some columns.
        case modified
    }

    /// What happened to the row.
    public var kind: Kind
    /// The 1-based data row in the old version; nil for an added row.
    public var oldRow: Int?
    /// The 1-based data row in the new version; nil for a removed row.
    public var newRow: Int?
    /// The row's values in the diff's key columns, in key order; empty without keys.
    public var key: [String]
    /// An added row's values in the new version's column order, or a removed row's in the old
    /// version's; empty for a modified row.
    public var values: [String]
    /// A modified row's changed cells, in the new version's column order; empty otherwise.
    public var cells: [CellChange]

    /// A row change; see the properties for what each part holds.
    public init(
        kind: Kind, oldRow: Int?, newRow: Int?, key: [String] = [], values: [String] = [], cells: [CellChange] = []
    ) {
        self.kind = kind
        self.oldRow = oldRow
        self.newRow = newRow
        self.key = key
        self.values = values
        self.cells = cells
    }

    private enum CodingKeys: String, CodingKey {
        case change, oldRow, newRow, key, values, cells
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .change)
        try container.encodeIfPresent(oldRow, forKey: .oldRow)
        try container.encodeIfPresent(newRow, forKey: .newRow)
        if !key.isEmpty { try container.encode(key, forKey: .key) }
        if kind == .modified {
            try container.encode(cells, forKey: .cells)
        } else {
            try container.encode(values, forKey: .values)
        }
    }
}

/// One cell of a modified row: its column and its value before and after.
///
/// JSON: `{"column": "price", "old": "3.5", "new": "3.75"}`.
public struct CellChange: Sendable, Hashable, Encodable {
    /// The column's name.
    public var column: String
    /// The value in the old version.
    public var old: String
    /// The value in the new version.
    public var new: String

    /// A change of `column` from `old` to `new`.
    public init(column: String, old: String, new: String) {
        self.column = column
        self.old = old
        self.new = new
    }
}
