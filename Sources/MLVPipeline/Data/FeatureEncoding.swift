/// How a table's feature columns become the columns of a feature matrix, recorded so that the
/// same encoding applies when the model is evaluated on another table.
///
/// Numeric columns (every present value parses as a number) are copied. Other columns are
/// one-hot encoded: one matrix column per category, categories in sorted order, named
/// `column=category`.
public struct FeatureEncoding: Sendable, Equatable, Codable {
    /// One feature column of the table and, when categorical, its categories (sorted).
    public struct Column: Sendable, Equatable, Codable {
        public var name: String
        /// Nil for a numeric column.
        public var categories: [String]?

        public init(name: String, categories: [String]? = nil) {
            self.name = name
            self.categories = categories
        }
    }

    /// The feature columns, in the order the matrix holds them.
    public var columns: [Column]

    public init(columns: [Column]) { self.columns = columns }

    /// Chooses the feature columns of `file` and their encoding: `features` in the order given,
    /// or, when nil, every column but `excluded`, in file order.
    /// - Throws: `.invalidParameter` when no feature is left or one is named twice;
    ///   `.invalidInput` naming the file and column when a named column does not exist.
    public static func fit(
        _ file: TableFile, features: [String]?, excluding excluded: [String], plugin: String
    ) throws(PipelineError) -> FeatureEncoding {
        let names = features ?? file.table.header.filter { !excluded.contains($0) }
        guard !names.isEmpty else {
            throw PipelineError(.invalidParameter, "\(plugin): parameter features selects no column of \(file.name)")
        }
        var columns: [Column] = []
        for name in names {
            if columns.contains(where: { $0.name == name }) || excluded.contains(name) {
                throw PipelineError(
                    .invalidParameter, "\(plugin): parameter features names column \"\(name)\" twice or as the target")
            }
            let index = try file.column(name, plugin: plugin)
            if file.isNumeric(column: index) {
                columns.append(Column(name: name))
            } else {
                let values = (0..<file.table.rowCount).map { file.table.string(row: $0, column: index) }
                columns.append(Column(name: name, categories: Array(Set(values)).sorted()))
            }
        }
        return FeatureEncoding(columns: columns)
    }

    /// The number of matrix columns.
    public var width: Int { columns.reduce(0) { $0 + ($1.categories?.count ?? 1) } }

    /// The matrix columns' names: a numeric column's name, or `column=category` per category.
    public var encodedNames: [String] {
        columns.flatMap { column in
            column.categories.map { $0.map { "\(column.name)=\($0)" } } ?? [column.name]
        }
    }

    /// The feature matrix of `file`, row-major `rowCount × width`, in Double.
    /// - Throws: `.invalidInput` naming the file, row and column for a missing column, a
    ///   missing or non-finite value in a numeric column, or a category not seen when fitting.
    /// - Complexity: O(rows × columns).
    public func matrix(_ file: TableFile, plugin: String) throws(PipelineError) -> [Double] {
        let indices = try columns.map { (column) throws(PipelineError) in try file.column(column.name, plugin: plugin) }
        // Category → position lookups, built once; they are only read, never iterated.
        let positions = columns.map { column in
            Dictionary((column.categories ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let rows = file.table.rowCount
        var values: [Double] = []
        values.reserveCapacity(rows * width)
        for row in 0..<rows {
            for (k, (column, index)) in zip(columns, indices).enumerated() {
                guard let categories = column.categories else {
                    values.append(try file.number(row: row, column: index, plugin: plugin))
                    continue
                }
                let value = file.table.string(row: row, column: index)
                guard let hot = positions[k][value] else {
                    throw PipelineError(
                        .invalidInput,
                        "\(plugin): \(file.name) row \(row + 1) has category \"\(value)\" in column \"\(column.name)\" "
                            + "that the model was not trained with")
                }
                for category in categories.indices { values.append(category == hot ? 1 : 0) }
            }
        }
        return values
    }
}
