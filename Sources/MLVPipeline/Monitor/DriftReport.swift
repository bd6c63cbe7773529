/// The result of `mlv drift`: per table, per column, the statistics and a verdict.
public struct DriftReport: Sendable {
    public var tables: [TableDrift]

    /// Whether any column of any table drifted past its threshold.
    public var drifted: Bool { tables.contains { $0.drifted } }
}

/// One table compared between two revisions.
public struct TableDrift: Sendable {
    public var path: String
    public var rowsBefore: Int
    public var rowsAfter: Int
    public var columns: [ColumnDrift]

    public var drifted: Bool { columns.contains { $0.drifted } }
}

/// One column's comparison: which tests ran, their figures, and why it drifted (if it did).
public struct ColumnDrift: Sendable {
    /// How the column was compared.
    public enum Kind: String, Sendable {
        /// PSI on reference-quantile bins and the KS test.
        case numeric
        /// PSI over categories and the chi-square test of homogeneity.
        case categorical
        /// Added, removed, or of another type: reported as drift without tests.
        case schema
        /// No values to compare (all missing on a side, too many categories, or ignored).
        case skipped
    }

    /// The summary of one side.
    public struct Side: Sendable, Equatable {
        public var rows: Int
        public var missingRate: Double
        public var mean: Double?
        public var std: Double?
        public var min: Double?
        public var max: Double?
    }

    /// A category whose share moved.
    public struct Shift: Sendable, Equatable {
        public var category: String
        public var before: Double
        public var after: Double
    }

    public var column: String
    /// The inferred type (`float`, `integer`, `string`, …), `a → b` when it changed, `-` when absent.
    public var type: String
    public var kind: Kind
    public var before: Side?
    public var after: Side?
    public var psi: Double?
    public var ksStatistic: Double?
    public var ksPValue: Double?
    public var chiSquare: Double?
    public var degreesOfFreedom: Int?
    public var chiSquarePValue: Double?
    public var newCategories: [String] = []
    public var vanishedCategories: [String] = []
    /// The biggest share changes, largest first (at most five).
    public var shifts: [Shift] = []
    /// Whether the tests ran on reservoir samples rather than every value.
    public var sampled = false
    /// Why the column counts as drifted (empty when it does not) or was skipped.
    public var reasons: [String] = []
    public var drifted = false

    init(column: String, type: String, kind: Kind) {
        self.column = column
        self.type = type
        self.kind = kind
    }

    /// `drift`, `ok` or `skipped`, as the table shows it.
    public var verdict: String { drifted ? "drift" : (kind == .skipped ? "skipped" : "ok") }
}
