/// A change that ``TableMerge`` could not combine: both sides changed one cell differently, one
/// side deleted a row the other modified, or both changed the columns differently.
///
/// JSON: `{"kind": "cell", "key": ["7"], "column": "price", "base": "3.5", "ours": "3.75",
/// "theirs": "4", "description": "…"}`; `column`, `base`, `ours` and `theirs` are left out
/// when nil.
public struct TableConflict: Sendable, Hashable, Encodable {
    /// What collided.
    public enum Kind: String, Sendable, Hashable, Encodable {
        /// One cell changed to different values on the two sides (or a row both sides added with
        /// the same key holds different values there; ``TableConflict/base`` is then nil).
        case cell
        /// Ours deleted a row that theirs modified.
        case deletedByOurs
        /// Theirs deleted a row that ours modified.
        case deletedByTheirs
        /// Both sides changed the set of columns, to different sets.
        case schema
    }

    /// What collided.
    public var kind: Kind
    /// The row's key values, in key order; empty for a schema conflict.
    public var key: [String]
    /// The column of a cell conflict; nil otherwise.
    public var column: String?
    /// The value in the base version (for a schema conflict, its columns joined by `, `); nil
    /// when the row or column is not in the base.
    public var base: String?
    /// The value on our side, as above; nil when ours deleted the row.
    public var ours: String?
    /// The value on their side, as above; nil when theirs deleted the row.
    public var theirs: String?
    /// A line for people, such as `row id=7: price changed to 3.75 in ours and 4 in theirs (base 3.5)`.
    public var description: String

    /// A conflict; see the properties.
    public init(
        kind: Kind, key: [String], column: String? = nil, base: String? = nil, ours: String? = nil,
        theirs: String? = nil, description: String
    ) {
        self.kind = kind
        self.key = key
        self.column = column
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.description = description
    }
}
